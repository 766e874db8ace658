import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderNotFoundError } from '../../../errors';
import { type OrderDto, toOrderDto } from '../../order.dto';
import { Order } from '../../order.entity';
import { GetOrderByIdQuery } from './get-order-by-id.query';

/** The columns of `orders` (see order.entity.ts) the answer needs, named as the entity's fields. */
type OrderRow = Pick<
  Order,
  | 'id'
  | 'customerId'
  | 'customerName'
  | 'items'
  | 'shippingAddress'
  | 'status'
  | 'statusReason'
  | 'createdAt'
  | 'updatedAt'
> & {
  /** bigint: pg returns it as a string. */
  totalCents: string;
};

// A read needs no query builder: one parameterised statement (the lines are a jsonb column of the same row), its row
// mapped to the entity the DTO is made from. The route skips TypeORM's query building and entity hydration, which
// cost more CPU than the query itself.
const SELECT_ORDER = `SELECT id, customer_id AS "customerId", customer_name AS "customerName", items,
    total_cents AS "totalCents", shipping_address AS "shippingAddress", status, status_reason AS "statusReason",
    created_at AS "createdAt", updated_at AS "updatedAt"
  FROM orders WHERE id = $1`;

@handles(GetOrderByIdQuery)
export class GetOrderByIdHandler implements RequestHandler<GetOrderByIdQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetOrderByIdQuery): Promise<OrderDto> {
    const [row]: OrderRow[] = await this.db.manager.query(SELECT_ORDER, [query.id]);
    // Another customer's order is the same 404 as an unknown id.
    if (!row || (query.ownerId !== undefined && row.customerId !== query.ownerId)) {
      throw new OrderNotFoundError(query.id);
    }
    return toOrderDto(Object.assign(new Order(), row, { totalCents: Number(row.totalCents) }));
  }
}
