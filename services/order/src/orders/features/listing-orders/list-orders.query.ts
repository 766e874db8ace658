import { PagedQuery } from '@shop/building-blocks/paging';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { OrderDto } from '../../order.dto';
import { ORDER_STATUSES, type OrderStatus } from '../../order.entity';

export class ListOrdersQuery extends PagedQuery<OrderDto> {
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  /** An admin may filter by customer; for a customer it is always their own id. */
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
