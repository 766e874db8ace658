import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the catalog reserved for each order (docs/adr/0009-order-saga.md). `reservation_orders` holds one row per
 * order the catalog has heard of, claimed by whichever of OrderPlaced / OrderCancelled / OrderRejected comes first;
 * `stock_reservations` holds the units per product, kept after a release as the record of what was given back.
 */
export class CreateStockReservations1764000000000 implements MigrationInterface {
  name = 'CreateStockReservations1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE reservation_orders (
        order_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('reserved', 'failed', 'released', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // No foreign key to products: a product may be deleted once nothing is reserved, and the history stays.
    await runner.query(`
      CREATE TABLE stock_reservations (
        order_id uuid NOT NULL REFERENCES reservation_orders (order_id),
        product_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        PRIMARY KEY (order_id, product_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE stock_reservations');
    await runner.query('DROP TABLE reservation_orders');
  }
}
