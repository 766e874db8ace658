import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderRejected } from '@shop/contracts';
import { OrderMetrics } from '../../order-metrics';
import { Orders } from '../../orders';
import { RejectOrderCommand } from './reject-order.command';

/** DESIGN §4 step 3: a Pending order becomes Rejected with catalog's reason; any other state stays as it is. */
@handles(RejectOrderCommand)
export class RejectOrderHandler implements RequestHandler<RejectOrderCommand> {
  constructor(
    private readonly orders: Orders,
    private readonly outbox: Outbox,
    private readonly db: DbContext,
    private readonly metrics: OrderMetrics,
  ) {}

  async handle(command: RejectOrderCommand): Promise<void> {
    const order = await this.orders.lockedById(command.orderId);
    if (!order?.reject(command.reason)) return;
    await this.orders.saveState(order);
    await this.outbox.add(OrderRejected, {
      orderId: order.id,
      customerId: order.customerId,
      reason: command.reason,
      rejectedAt: order.updatedAt.toISOString(),
    });
    this.db.afterCommit(() => this.metrics.rejected(order, 'stock_unavailable'));
  }
}
