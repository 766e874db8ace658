import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrders1764100000000 implements MigrationInterface {
  name = 'CreateOrders1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        customer_name varchar(201) NOT NULL,
        items jsonb NOT NULL,
        total_cents bigint NOT NULL CHECK (total_cents >= 0),
        shipping_address jsonb NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('Pending', 'Confirmed', 'Rejected', 'Cancelled')),
        status_reason varchar(500),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX orders_customer_created ON orders (customer_id, created_at DESC, id)');
    await runner.query('CREATE INDEX orders_created ON orders (created_at DESC, id)');
    // The saga deadline looks only at Pending orders, oldest first.
    await runner.query(`CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'Pending'`);
    await runner.query(`
      CREATE TABLE idempotency_keys (
        customer_id uuid NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, key)
      )`);
    await runner.query('CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idempotency_keys');
    await runner.query('DROP TABLE orders');
  }
}
