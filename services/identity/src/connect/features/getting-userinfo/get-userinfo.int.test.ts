import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from '../../../test/identity-test-host';

const USERINFO_URL = '/connect/userinfo';

describe('GET /connect/userinfo', () => {
  let host: IdentityTestHost;

  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  /** `null` sends no `Authorization` at all. */
  const userinfo = (authorization: string | null) =>
    host.service.app.inject({
      method: 'GET',
      url: USERINFO_URL,
      headers: authorization === null ? {} : { authorization },
    });

  const snapshotUsers = () => host.service.dataSource.query('SELECT * FROM users ORDER BY id');

  const expectProblem = async (authorization: string | null, status: number) => {
    const before = await snapshotUsers();
    const response = await userinfo(authorization);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//) });
    expect(await snapshotUsers()).toEqual(before);
    return response;
  };

  it("answers a customer's own claims (OpenID Connect Core §5.3), and nothing secret", async () => {
    // Given a logged-in customer
    const me = await host.customer();
    // When they ask for their claims
    const response = await userinfo(`Bearer ${me.accessToken}`);
    // Then they get exactly the standard claims of their own account
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sub: me.id,
      preferred_username: me.userName,
      email: `${me.userName}@example.com`,
      given_name: 'Ada',
      family_name: 'Lovelace',
      role: 'customer',
    });
  });

  it('answers an admin with the admin role', async () => {
    const response = await userinfo(`Bearer ${await host.adminToken()}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ preferred_username: 'admin', role: 'admin' });
  });

  it('reads the claims from the account, so a profile change shows at once under the same token', async () => {
    // Given a customer holding an access token
    const me = await host.customer();
    // When they change their names and email
    const update = await host.service.app.inject({
      method: 'PUT',
      url: `/api/v1/identity/users/${me.id}`,
      headers: { authorization: `Bearer ${me.accessToken}` },
      payload: { firstName: 'Augusta', lastName: 'King', email: 'augusta@example.com' },
    });
    expect(update.statusCode).toBe(200);
    // Then the same token's userinfo has the new values
    expect((await userinfo(`Bearer ${me.accessToken}`)).json()).toMatchObject({
      given_name: 'Augusta',
      family_name: 'King',
      email: 'augusta@example.com',
    });
  });

  it('answers 404 to a still valid token whose user was deleted', async () => {
    // Given a customer who logged in, and was then deleted by an admin
    const gone = await host.customer();
    const deleted = await host.service.app.inject({
      method: 'DELETE',
      url: `/api/v1/identity/users/${gone.id}`,
      headers: { authorization: `Bearer ${await host.adminToken()}` },
    });
    expect(deleted.statusCode).toBe(204);
    // When their unexpired access token asks for the claims, Then there is no such user any more
    const response = await expectProblem(`Bearer ${gone.accessToken}`, 404);
    expect(response.body).not.toContain(gone.userName);
  });

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const response = await expectProblem(null, 401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="shop"/);
  });

  it('refuses an expired token with 401', async () => {
    const me = await host.customer();
    const expired = await host.sign({ sub: me.id, role: 'customer', scope: 'shop.api' }, { expiresIn: -120 });
    const response = await expectProblem(`Bearer ${expired}`, 401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a service token with 403: it was issued to a client, not to a user', async () => {
    const service = await host.token({
      grant_type: 'client_credentials',
      client_id: 'order-service',
      client_secret: TEST_SERVICE_SECRET,
    });
    await expectProblem(`Bearer ${service.body.access_token}`, 403);
  });

  // Identity never issues such a token (client tokens carry no role); if one appears, it must not reach the database.
  it('answers a user token whose subject is not a user id with a 4xx problem, never a 500', async () => {
    const token = await host.sign({ sub: 'not-a-uuid', role: 'customer', scope: 'shop.api' });
    const before = await snapshotUsers();
    const response = await userinfo(`Bearer ${token}`);
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await snapshotUsers()).toEqual(before);
  });
});
