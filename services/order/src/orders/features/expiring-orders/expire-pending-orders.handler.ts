import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderRejected } from '@shop/contracts';
import { Order } from '../../order.entity';
import { OrderMetrics } from '../../order-metrics';
import { Orders } from '../../orders';
import { ExpirePendingOrdersCommand } from './expire-pending-orders.command';

export const TIMEOUT_REASON = 'timeout';

/**
 * DESIGN §4 step 5, the saga deadline. `SKIP LOCKED`: replicas running the same sweep take different orders, and an
 * order a consumer is confirming right now is left to that consumer (it is no longer Pending when it is looked at
 * again). Each rejection publishes OrderRejected, on which catalog releases whatever it reserved late.
 */
@handles(ExpirePendingOrdersCommand)
export class ExpirePendingOrdersHandler implements RequestHandler<ExpirePendingOrdersCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly orders: Orders,
    private readonly outbox: Outbox,
    private readonly metrics: OrderMetrics,
  ) {}

  async handle(command: ExpirePendingOrdersCommand): Promise<number> {
    const expired = await this.db
      .repository(Order)
      .createQueryBuilder('o')
      .where(`o.status = 'Pending'`)
      .andWhere('o.created_at < now() - make_interval(secs => :seconds)', { seconds: command.olderThanMs / 1000 })
      .orderBy('o.created_at', 'ASC')
      .limit(command.limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    for (const order of expired) {
      order.reject(TIMEOUT_REASON);
      await this.orders.saveState(order);
      await this.outbox.add(OrderRejected, {
        orderId: order.id,
        customerId: order.customerId,
        reason: TIMEOUT_REASON,
        rejectedAt: order.updatedAt.toISOString(),
      });
      this.db.afterCommit(() => this.metrics.rejected(order, 'timeout'));
    }
    return expired.length;
  }
}
