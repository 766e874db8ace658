import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { type Page, pageOffset, toPage } from '@shop/building-blocks/paging';
import { DbContext } from '@shop/building-blocks/persistence';
import { type OrderDto, toOrderDto } from '../../order.dto';
import { Order } from '../../order.entity';
import { ListOrdersQuery } from './list-orders.query';

@handles(ListOrdersQuery)
export class ListOrdersHandler implements RequestHandler<ListOrdersQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: ListOrdersQuery): Promise<Page<OrderDto>> {
    const builder = this.db.repository(Order).createQueryBuilder('o');
    if (query.customerId) builder.andWhere('o.customer_id = :customerId', { customerId: query.customerId });
    if (query.status) builder.andWhere('o.status = :status', { status: query.status });
    const [orders, totalItems] = await builder
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .skip(pageOffset(query))
      .take(query.pageSize)
      .getManyAndCount();
    return toPage(orders.map(toOrderDto), totalItems, query);
  }
}
