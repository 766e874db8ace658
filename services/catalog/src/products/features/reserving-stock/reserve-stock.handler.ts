import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { StockReservationFailed, StockReserved } from '@shop/contracts';
import type { Product } from '../../product.entity';
import { StockReservations } from '../../stock-reservations';
import { ReserveStockCommand, type ReserveStockLine } from './reserve-stock.command';
import { type ShortLine, shortageReason } from './shortage-reason';

interface WantedLine {
  productId: string;
  requested: number;
  product: Product | undefined;
}

/**
 * Step 2 of the order saga (DESIGN §4, docs/adr/0009-order-saga.md): every line of the order is reserved, or none.
 * Runs in the unit of work with the message's inbox row, so the stock, the order's status and the outcome event
 * commit together.
 */
@handles(ReserveStockCommand)
export class ReserveStockHandler implements RequestHandler<ReserveStockCommand> {
  constructor(
    private readonly reservations: StockReservations,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: ReserveStockCommand): Promise<void> {
    // An order that already has a row was handled, or cancelled or rejected before this message came: nothing to do.
    if (!(await this.reservations.claim(command.orderId, 'reserved'))) return;
    const wanted = totalsByProduct(command.items);
    const products = await this.reservations.lockProducts([...wanted.keys()]);
    const lines: WantedLine[] = [...wanted].map(([productId, requested]) => ({
      productId,
      requested,
      product: products.get(productId),
    }));
    const reservable = lines.flatMap(({ product, requested }) =>
      product?.canReserve(requested) ? [{ product, quantity: requested }] : [],
    );
    if (reservable.length < lines.length) return this.refuse(command.orderId, lines);

    for (const { product, quantity } of reservable) product.reserve(quantity);
    await this.reservations.saveProducts(products.values());
    const items = reservable.map(({ product, quantity }) => ({ productId: product.id, quantity }));
    await this.reservations.record(command.orderId, items);
    await this.outbox.add(StockReserved, { orderId: command.orderId, items, reservedAt: new Date().toISOString() });
  }

  /** Nothing moves; the order learns which lines were short, in words and line by line. */
  private async refuse(orderId: string, lines: readonly WantedLine[]): Promise<void> {
    const short: ShortLine[] = lines
      .filter(({ product, requested }) => !product?.canReserve(requested))
      .map(({ productId, requested, product }) => ({
        productId,
        requested,
        available: product?.availableStock ?? 0,
        name: product?.name,
      }));
    await this.reservations.setStatus(orderId, 'failed');
    await this.outbox.add(StockReservationFailed, {
      orderId,
      reason: shortageReason(short),
      lines: short.map(({ productId, requested, available }) => ({ productId, requested, available })),
      failedAt: new Date().toISOString(),
    });
  }
}

/**
 * Lines of one product are one reservation: their quantities add up. Ids in Postgres' spelling (lower case), so an
 * upper-case UUID finds its product; sorted as the locks are taken.
 */
function totalsByProduct(items: readonly ReserveStockLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of items) {
    const id = productId.toLowerCase();
    totals.set(id, (totals.get(id) ?? 0) + quantity);
  }
  return new Map([...totals].sort(([a], [b]) => (a < b ? -1 : 1)));
}
