import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderNotFoundError } from '../../../errors';
import { type OrderDto, toOrderDto } from '../../order.dto';
import { Order } from '../../order.entity';
import { GetOrderByIdQuery } from './get-order-by-id.query';

@handles(GetOrderByIdQuery)
export class GetOrderByIdHandler implements RequestHandler<GetOrderByIdQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetOrderByIdQuery): Promise<OrderDto> {
    const order = await this.db.repository(Order).findOneBy({ id: query.id });
    if (!order || (query.ownerId !== undefined && order.customerId !== query.ownerId)) {
      throw new OrderNotFoundError(query.id);
    }
    return toOrderDto(order);
  }
}
