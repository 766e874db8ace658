import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Writes `count` products straight into a catalog database the service migrated, and returns their ids. Stock is
 * `availableStock` for each, or 10 x its position when not given.
 */
export async function insertProducts(databaseUrl: string, count: number, availableStock?: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = Array.from({ length: count }, () => randomUUID());
    await client.query(
      `INSERT INTO products (id, name, description, price_cents, available_stock, reserved_stock, version)
       SELECT id, 'Bench product ' || n, 'A product for the benchmark', 100 + n, coalesce($2, 10 * n), 0, 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids, availableStock ?? null],
    );
    return ids;
  } finally {
    await client.end();
  }
}
