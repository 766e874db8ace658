import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from '../../../test/identity-test-host';

/** DESIGN §10: the counters live in Redis, so two replicas enforce one limit between them. */
describe('POST /connect/token rate limits', () => {
  let first: IdentityTestHost;
  let second: IdentityTestHost;
  beforeAll(async () => {
    const env = {
      IDENTITY_RATE_LIMIT_ENABLED: 'true',
      IDENTITY_RATE_LIMIT_PER_USERNAME: '3',
      IDENTITY_RATE_LIMIT_PER_CLIENT: '6',
      IDENTITY_RATE_LIMIT_WINDOW_MS: '60000',
    };
    const rateLimitNamespace = `shop:test:${randomBytes(6).toString('hex')}:`;
    first = await startIdentityForTest({ env, rateLimitNamespace });
    second = await startIdentityForTest({ env, rateLimitNamespace, database: first.database, keysDir: first.keysDir });
  });
  afterAll(async () => {
    await second.stop();
    await first.stop();
  });

  const attempt = (host: IdentityTestHost, username: string) =>
    host.token({ grant_type: 'password', client_id: 'shop-client', username, password: 'wrong-password' });

  it('limits attempts per user name across replicas, then per client', async () => {
    // Given three failed logins for "admin", spread over both replicas
    const statuses = [
      (await attempt(first, 'admin')).status,
      (await attempt(second, 'admin')).status,
      (await attempt(first, 'admin')).status,
    ];
    expect(statuses).toEqual([400, 400, 400]);

    // When a fourth arrives at either replica, it is refused before any password check
    const refused = await second.service.app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=password&client_id=shop-client&username=ADMIN&password=x',
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Then another user name still gets through until the client's own limit (6) is spent
    expect((await attempt(first, 'someone-else')).status).toBe(400);
    expect((await attempt(second, 'someone-else')).status).toBe(400);
    expect((await attempt(first, 'a-third-user')).status).toBe(429);
  });

  it('answers malformed requests before counting them: they never spend the client limit', async () => {
    // Given more malformed requests from one client than its limit (6) allows
    const basic = (raw: string) => ({ authorization: `Basic ${Buffer.from(raw).toString('base64')}` });
    const malformed = [
      await first.token(
        { grant_type: 'client_credentials', scope: 'shop.api\u0000' },
        basic(`order-service:${TEST_SERVICE_SECRET}`),
      ),
      await first.token({ grant_type: 'client_credentials' }, basic('%E0%A4%A:x')),
      await first.token({ grant_type: 'client_credentials' }, basic('order%00service:x')),
      ...(await Promise.all(
        Array.from({ length: 5 }, () =>
          second.token(
            { grant_type: 'client_credentials', scope: '\u001b[2J' },
            basic(`order-service:${TEST_SERVICE_SECRET}`),
          ),
        ),
      )),
    ];
    // Then each is refused as malformed, never 429 or 5xx
    expect(malformed.map(({ status, body }) => `${status} ${body.error}`)).toEqual([
      '400 invalid_request',
      '401 invalid_client',
      '400 invalid_request',
      ...Array.from({ length: 5 }, () => '400 invalid_request'),
    ]);
    // And the client's first well-formed request still gets its token
    const valid = await first.token(
      { grant_type: 'client_credentials' },
      basic(`order-service:${TEST_SERVICE_SECRET}`),
    );
    expect(valid.status).toBe(200);
  });
});
