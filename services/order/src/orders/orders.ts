import { injectable } from '@shop/building-blocks/container';
import { ConflictError } from '@shop/building-blocks/errors';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderNotFoundError } from '../errors';
import { Order } from './order.entity';

/** Loading and saving orders inside a command's transaction. */
@injectable()
export class Orders {
  constructor(private readonly db: DbContext) {}

  /** The order, row-locked until the transaction ends, so two saga steps for one order run one after the other. */
  lockedById(id: string): Promise<Order | null> {
    return this.db.repository(Order).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** `lockedById`, or 404 when there is none or it belongs to someone other than `ownerId` (when given). */
  async lockedForOwner(id: string, ownerId: string | undefined): Promise<Order> {
    const order = await this.lockedById(id);
    if (!order || (ownerId !== undefined && order.customerId !== ownerId)) throw new OrderNotFoundError(id);
    return order;
  }

  /** Saves a state change only over the version it was read at (optimistic concurrency), and bumps the version. */
  async saveState(order: Order): Promise<void> {
    const [rows] = await this.db.manager.query(
      `UPDATE orders SET status = $1, status_reason = $2, version = version + 1, updated_at = now()
       WHERE id = $3 AND version = $4 RETURNING version, updated_at`,
      [order.status, order.statusReason, order.id, order.version],
    );
    const saved = rows?.[0];
    if (!saved) throw new ConflictError(`Order ${order.id} was changed by another request; try again`);
    order.version = saved.version;
    order.updatedAt = saved.updated_at;
  }
}
