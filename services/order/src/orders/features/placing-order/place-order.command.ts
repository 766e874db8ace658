import { CommandWithOwnTransaction } from '@shop/building-blocks/mediator';
import { IsText } from '@shop/building-blocks/validation';
import { IsOptional, IsUUID } from 'class-validator';
import type { OrderDto } from '../../order.dto';
import { IsOrderItems, IsShippingAddress, type OrderItemInput, type ShippingAddressInput } from '../../order.rules';

export interface PlacedOrder {
  order: OrderDto;
  /** True when an earlier request with the same Idempotency-Key placed it. */
  replayed: boolean;
}

/** Its handler asks catalog and identity first, then writes in a transaction of its own (ADR 9). */
export class PlaceOrderCommand extends CommandWithOwnTransaction<PlacedOrder> {
  /** The customer placing it: the token's subject, never the body. */
  @IsUUID()
  customerId: string;

  @IsOrderItems()
  items: OrderItemInput[];

  @IsShippingAddress()
  shippingAddress: ShippingAddressInput;

  /** The `Idempotency-Key` header: a retry with the same key and body gets the first order back. */
  @IsOptional()
  @IsText({ minLength: 1, maxLength: 255 })
  idempotencyKey?: string;
}
