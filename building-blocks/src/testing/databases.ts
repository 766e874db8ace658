import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../persistence';

const serverUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database for one test file; `drop()` removes it (DESIGN §9). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `shop_test_${prefix}_${randomBytes(5).toString('hex')}`;
  const url = `${serverUrl.replace(/\/$/, '')}/${name}`;
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
