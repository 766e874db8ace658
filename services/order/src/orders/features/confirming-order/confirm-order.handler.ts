import { inject, Tokens } from '@shop/building-blocks/container';
import type { Logger } from '@shop/building-blocks/logging';
import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderConfirmed } from '@shop/contracts';
import { OrderMetrics } from '../../order-metrics';
import { Orders } from '../../orders';
import { ConfirmOrderCommand } from './confirm-order.command';

/**
 * DESIGN §4 step 3: a Pending order becomes Confirmed. A reservation that arrives for an order already Rejected (the
 * deadline passed) or Cancelled changes nothing here: catalog releases it when it consumes that OrderRejected or
 * OrderCancelled (docs/adr/0009-order-saga.md).
 */
@handles(ConfirmOrderCommand)
export class ConfirmOrderHandler implements RequestHandler<ConfirmOrderCommand> {
  constructor(
    private readonly orders: Orders,
    private readonly outbox: Outbox,
    private readonly db: DbContext,
    private readonly metrics: OrderMetrics,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async handle(command: ConfirmOrderCommand): Promise<void> {
    const order = await this.orders.lockedById(command.orderId);
    if (!order) {
      this.logger.warn({ orderId: command.orderId }, 'stock reserved for an unknown order; ignored');
      return;
    }
    if (!order.confirm()) return;
    await this.orders.saveState(order);
    await this.outbox.add(OrderConfirmed, {
      orderId: order.id,
      customerId: order.customerId,
      confirmedAt: order.updatedAt.toISOString(),
    });
    this.db.afterCommit(() => this.metrics.confirmed(order));
  }
}
