import { describeFailures, describeSweep, runHostileSweep } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from './identity-test-host';

/** Every operation of identity's OpenAPI document, each field in turn given generated hostile values. */
describe('identity under hostile input', () => {
  let host: IdentityTestHost;
  let customer: Awaited<ReturnType<IdentityTestHost['customer']>>;
  let refreshToken = '';
  let victims = 0;
  beforeAll(async () => {
    host = await startIdentityForTest();
    customer = await host.customer();
  });
  afterAll(() => host.stop());

  // The admin's target user must exist at each request: the delete route's valid request removes one.
  const victimId = async () => {
    const [row] = await host.service.dataSource.query("SELECT id FROM users WHERE user_name LIKE 'victim%' LIMIT 1");
    if (row) return String(row.id);
    victims += 1;
    return (await host.customer(`victim${victims}`)).id;
  };
  // An unspent refresh token at each request: a spent one is refused and revokes its family (RFC 9700 §4.14.2).
  const freshRefreshToken = async () => {
    const login = { grant_type: 'password', client_id: 'shop-client', username: customer.userName };
    const rotated = await host.token({
      grant_type: 'refresh_token',
      client_id: 'shop-client',
      refresh_token: refreshToken,
    });
    const next = rotated.status === 200 ? rotated : await host.token({ ...login, password: customer.password });
    refreshToken = String(next.body.refresh_token);
    return refreshToken;
  };

  it('answers every hostile value with a 4xx in its documented format, and a refused request writes nothing', async () => {
    const client = { client_id: 'shop-client' };
    const result = await runHostileSweep({
      baseUrl: host.service.url,
      database: (sql) => host.service.dataSource.query(sql),
      credentials: [
        { name: 'admin', headers: { authorization: `Bearer ${await host.adminToken()}` }, runs: 10 },
        {
          name: 'customer',
          headers: { authorization: `Bearer ${customer.accessToken}` },
          runs: 1,
          values: { id: customer.id },
        },
        { name: 'anonymous', runs: 1 },
      ],
      values: { id: victimId },
      bases: {
        // Fewer runs where each request costs an argon2 verification or a token rotation, to keep the sweep short.
        'POST /connect/token': [
          {
            name: 'password grant',
            values: { ...client, grant_type: 'password', username: customer.userName, password: customer.password },
            runs: 6,
          },
          {
            name: 'refresh grant',
            values: { ...client, grant_type: 'refresh_token', refresh_token: freshRefreshToken },
            runs: 6,
          },
          {
            name: 'client credentials grant',
            values: {
              grant_type: 'client_credentials',
              client_id: 'order-service',
              client_secret: TEST_SERVICE_SECRET,
            },
            runs: 6,
          },
        ],
        'POST /connect/revoke': [{ name: 'refresh token', values: { ...client, token: freshRefreshToken }, runs: 6 }],
      },
    });

    expect(describeFailures(result), describeSweep(result)).toEqual([]);
    const adminControls = result.controls.filter((control) => control.credential === 'admin');
    expect(adminControls.filter((control) => control.status >= 300)).toEqual([]);
  });
});
