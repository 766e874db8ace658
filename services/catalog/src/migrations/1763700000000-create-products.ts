import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProducts1763700000000 implements MigrationInterface {
  name = 'CreateProducts1763700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        description varchar(2000) NOT NULL,
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        available_stock integer NOT NULL CHECK (available_stock >= 0),
        reserved_stock integer NOT NULL DEFAULT 0 CHECK (reserved_stock >= 0),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX products_price_idx ON products (price_cents)');
    await runner.query('CREATE INDEX products_created_at_idx ON products (created_at)');
    await runner.query('CREATE INDEX products_name_idx ON products (lower(name))');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE products');
  }
}
