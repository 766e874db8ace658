import { Command } from '@shop/building-blocks/mediator';
import { IsOptional, IsUUID } from 'class-validator';
import type { OrderDto } from '../../order.dto';

export class CancelOrderCommand extends Command<OrderDto> {
  @IsUUID()
  id: string;

  /** Set for a customer: only their own order can be cancelled. */
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
