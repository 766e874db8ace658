import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { dropDatabase, ensureDatabase } from '../persistence';

const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  /** Runs SQL on the database from outside any service (e.g. while the service is stopped); rows back. */
  query<TRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<TRow[]>;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database for one test file; `drop()` removes it (DESIGN §9). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `shop_test_${prefix}_${randomBytes(5).toString('hex')}`;
  const url = `${serverUrl.replace(/\/$/, '')}/${name}`;
  await ensureDatabase(url);
  let pool: Pool | undefined;
  return {
    url,
    query: async <TRow>(sql: string, params: unknown[] = []) => {
      pool ??= new Pool({ connectionString: url, max: 2 });
      return (await pool.query(sql, params)).rows as TRow[];
    },
    drop: async () => {
      await pool?.end();
      await dropDatabase(url);
    },
  };
}
