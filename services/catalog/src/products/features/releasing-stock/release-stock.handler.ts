import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { StockReleased } from '@shop/contracts';
import { StockReservations } from '../../stock-reservations';
import { ReleaseStockCommand } from './release-stock.command';

/**
 * Step 4 of the order saga and its compensation (DESIGN §4, docs/adr/0009-order-saga.md): an order that ended
 * (cancelled or rejected) gets back exactly what was reserved for it, once, however many messages say it ended.
 */
@handles(ReleaseStockCommand)
export class ReleaseStockHandler implements RequestHandler<ReleaseStockCommand> {
  constructor(
    private readonly reservations: StockReservations,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: ReleaseStockCommand): Promise<void> {
    // No row yet: the order ended before its OrderPlaced arrived. The tombstone makes that late message reserve nothing.
    if (await this.reservations.claim(command.orderId, 'closed')) return;
    // Failed, released or closed: nothing is held for the order.
    if ((await this.reservations.lockStatus(command.orderId)) !== 'reserved') return;

    const lines = await this.reservations.linesOf(command.orderId);
    const products = await this.reservations.lockProducts(lines.map((line) => line.productId));
    for (const { productId, quantity } of lines) {
      const product = products.get(productId);
      // A product with units reserved cannot be deleted; its absence means the records are broken: retry, then DLQ.
      if (!product) throw new Error(`Product ${productId} reserved for order ${command.orderId} no longer exists`);
      product.release(quantity);
    }
    await this.reservations.saveProducts(products.values());
    await this.reservations.setStatus(command.orderId, 'released');
    await this.outbox.add(StockReleased, {
      orderId: command.orderId,
      items: lines,
      releasedAt: new Date().toISOString(),
    });
  }
}
