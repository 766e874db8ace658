import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderCancelled } from '@shop/contracts';
import { type OrderDto, toOrderDto } from '../../order.dto';
import { OrderMetrics } from '../../order-metrics';
import { Orders } from '../../orders';
import { CancelOrderCommand } from './cancel-order.command';

/** DESIGN §4 step 4: Pending or Confirmed -> Cancelled; catalog then releases what it reserved for the order. */
@handles(CancelOrderCommand)
export class CancelOrderHandler implements RequestHandler<CancelOrderCommand> {
  constructor(
    private readonly orders: Orders,
    private readonly outbox: Outbox,
    private readonly db: DbContext,
    private readonly metrics: OrderMetrics,
  ) {}

  async handle(command: CancelOrderCommand): Promise<OrderDto> {
    const order = await this.orders.lockedForOwner(command.id, command.ownerId);
    order.cancel();
    await this.orders.saveState(order);
    await this.outbox.add(OrderCancelled, {
      orderId: order.id,
      customerId: order.customerId,
      cancelledAt: order.updatedAt.toISOString(),
    });
    this.db.afterCommit(() => this.metrics.cancelled());
    return toOrderDto(order);
  }
}
