import { fromCents } from '@shop/building-blocks/money';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ORDER_STATUSES, type Order, type OrderStatus } from './order.entity';

/** The decorators describe the order in OpenAPI (DESIGN §3). */
export class OrderLineDto {
  @IsUUID()
  productId: string;

  @IsString()
  productName: string;

  /** Price per unit when the order was placed. */
  @IsNumber({ maxDecimalPlaces: 2 })
  unitPrice: number;

  @IsInt()
  quantity: number;
}

export class ShippingAddressDto {
  @IsString() line1: string;
  @IsString() city: string;
  @IsString() postalCode: string;
  @IsString() country: string;
}

export class OrderDto {
  @IsUUID()
  id: string;

  @IsUUID()
  customerId: string;

  @IsString()
  customerName: string;

  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @IsNumber({ maxDecimalPlaces: 2 })
  total: number;

  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress: ShippingAddressDto;

  @IsIn(ORDER_STATUSES)
  status: OrderStatus;

  /** Why an order was Rejected, e.g. `timeout` or the products that were short. */
  @IsOptional()
  @IsString()
  statusReason?: string;

  @IsISO8601()
  createdAt: Date;

  @IsISO8601()
  updatedAt: Date;
}

export function toOrderDto(order: Order): OrderDto {
  return {
    id: order.id,
    customerId: order.customerId,
    customerName: order.customerName,
    items: order.items.map((line) => ({
      productId: line.productId,
      productName: line.productName,
      unitPrice: fromCents(line.unitPriceCents),
      quantity: line.quantity,
    })),
    total: fromCents(order.totalCents),
    shippingAddress: order.shippingAddress,
    status: order.status,
    ...(order.statusReason ? { statusReason: order.statusReason } : {}),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
