import { injectable } from '@shop/building-blocks/container';
import { DbContext } from '@shop/building-blocks/persistence';
import { In } from 'typeorm';
import { Product } from './product.entity';

/**
 * Where the catalog stands with one order (docs/adr/0009-order-saga.md): `reserved` holds stock, `failed` never did,
 * `released` gave it back, `closed` was cancelled or rejected before its OrderPlaced arrived (a tombstone).
 */
export type ReservationStatus = 'reserved' | 'failed' | 'released' | 'closed';

export interface ReservedLine {
  productId: string;
  quantity: number;
}

/**
 * The reservation records the reserving and releasing slices share. Every method runs in the caller's unit of work,
 * the transaction that also holds the message's inbox row, so a message's effects commit together or not at all.
 */
@injectable()
export class StockReservations {
  constructor(private readonly db: DbContext) {}

  /**
   * Gives the order its row with `status`, unless it has one: false means another message about the order came
   * first. A concurrent claim of the same order waits here until the first one commits.
   */
  async claim(orderId: string, status: ReservationStatus): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `INSERT INTO reservation_orders (order_id, status) VALUES ($1, $2)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [orderId, status],
    );
    return rows.length > 0;
  }

  /** The order's status, its row locked until commit: two messages about one order take turns. */
  async lockStatus(orderId: string): Promise<ReservationStatus | undefined> {
    const rows: { status: ReservationStatus }[] = await this.db.manager.query(
      'SELECT status FROM reservation_orders WHERE order_id = $1 FOR UPDATE',
      [orderId],
    );
    return rows[0]?.status;
  }

  async setStatus(orderId: string, status: ReservationStatus): Promise<void> {
    await this.db.manager.query('UPDATE reservation_orders SET status = $2, updated_at = now() WHERE order_id = $1', [
      orderId,
      status,
    ]);
  }

  async record(orderId: string, lines: readonly ReservedLine[]): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO stock_reservations (order_id, product_id, quantity)
       SELECT $1, product_id, quantity FROM unnest($2::uuid[], $3::int[]) AS line (product_id, quantity)`,
      [orderId, lines.map((line) => line.productId), lines.map((line) => line.quantity)],
    );
  }

  /** What was reserved for the order, one line per product, in product id order. */
  linesOf(orderId: string): Promise<ReservedLine[]> {
    return this.db.manager.query(
      `SELECT product_id AS "productId", quantity FROM stock_reservations WHERE order_id = $1 ORDER BY product_id`,
      [orderId],
    );
  }

  /**
   * Loads the products that exist among `ids` and locks them until commit, in id order: every transaction that
   * changes stock locks its products in the same order, so concurrent orders wait for each other but never deadlock.
   */
  async lockProducts(ids: readonly string[]): Promise<Map<string, Product>> {
    const products = await this.db.repository(Product).find({
      where: { id: In([...ids]) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return new Map(products.map((product) => [product.id, product]));
  }

  /**
   * Writes the stock counters of products this transaction has locked, one UPDATE after the other (a transaction
   * has one connection, which runs one statement at a time), without re-reading them.
   */
  async saveProducts(products: Iterable<Product>): Promise<void> {
    for (const product of products) {
      await this.db.manager.query(
        `UPDATE products SET available_stock = $1, reserved_stock = $2, version = version + 1, updated_at = now()
         WHERE id = $3`,
        [product.availableStock, product.reservedStock, product.id],
      );
    }
  }
}
