import { Query } from '@shop/building-blocks/mediator';
import { IsOptional, IsUUID } from 'class-validator';
import type { OrderDto } from '../../order.dto';

export class GetOrderByIdQuery extends Query<OrderDto> {
  @IsUUID()
  id: string;

  /** Set for a customer: only their own order is found. */
  @IsOptional()
  @IsUUID()
  ownerId?: string;
}
