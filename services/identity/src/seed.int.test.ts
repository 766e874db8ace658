import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIdentity } from './seed';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from './test/identity-test-host';

describe('development seed', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  it('stores client secrets only as argon2id hashes', async () => {
    const rows: { id: string; secret_hash: string | null }[] = await host.service.dataSource.query(
      'SELECT id, secret_hash FROM clients ORDER BY id',
    );
    expect(rows.map((row) => row.id)).toEqual(['catalog-service', 'order-service', 'shop-client']);
    expect(rows.find((row) => row.id === 'shop-client')?.secret_hash).toBeNull();
    const order = rows.find((row) => row.id === 'order-service')?.secret_hash ?? '';
    expect(order).toMatch(/^\$argon2id\$/);
    expect(order).not.toContain(TEST_SERVICE_SECRET);
  });

  it('is idempotent and never resets a changed password', async () => {
    const [before] = await host.service.dataSource.query("SELECT password_hash FROM users WHERE user_name = 'admin'");
    const again = await seedIdentity(host.service.dataSource, host.config, host.service.hasher);
    const [after] = await host.service.dataSource.query("SELECT password_hash FROM users WHERE user_name = 'admin'");
    expect(again).toEqual({ users: 0, clients: 0 });
    expect(after.password_hash).toBe(before.password_hash);
  });
});
