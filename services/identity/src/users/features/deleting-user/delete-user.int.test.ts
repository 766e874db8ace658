import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from '../../../test/identity-test-host';

const userUrl = (id: string) => `/api/v1/identity/users/${id}`;
/** A well-formed UUID that no user has. */
const UNKNOWN_ID = '01a20000-0000-7000-8000-000000000000';

describe('DELETE /api/v1/identity/users/{id}', () => {
  let host: IdentityTestHost;
  let admin: string;

  beforeAll(async () => {
    host = await startIdentityForTest();
    admin = `Bearer ${await host.adminToken()}`;
  });
  afterAll(() => host.stop());

  /** `null` sends no `Authorization` at all. */
  const remove = (id: string, authorization: string | null = admin) =>
    host.service.app.inject({
      method: 'DELETE',
      url: userUrl(id),
      headers: authorization === null ? {} : { authorization },
    });

  /** Every user and every refresh token: compare two snapshots to prove a request changed nothing. */
  const snapshot = async () => ({
    users: await host.service.dataSource.query('SELECT * FROM users ORDER BY id'),
    refreshTokens: await host.service.dataSource.query('SELECT * FROM refresh_tokens ORDER BY id'),
  });

  const refreshTokensOf = async (userId: string): Promise<number> => {
    const [row] = await host.service.dataSource.query(
      'SELECT count(*)::int AS count FROM refresh_tokens WHERE user_id = $1',
      [userId],
    );
    return row.count;
  };

  const expectProblem = (response: Awaited<ReturnType<typeof remove>>, status: number) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//) });
  };

  it('deletes a user with their sessions, and leaves everyone else alone', async () => {
    // Given two logged-in customers
    const gone = await host.customer();
    const stays = await host.customer();
    expect(await refreshTokensOf(gone.id)).toBe(1);
    // When an admin deletes one of them
    const response = await remove(gone.id);
    // Then it is 204 without a body, the user and their refresh tokens are gone, the other customer is untouched
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await host.service.dataSource.query('SELECT id FROM users WHERE id = $1', [gone.id])).toEqual([]);
    expect(await refreshTokensOf(gone.id)).toBe(0);
    expect(await refreshTokensOf(stays.id)).toBe(1);
    const other = await host.service.app.inject({
      method: 'GET',
      url: userUrl(stays.id),
      headers: { authorization: admin },
    });
    expect(other.statusCode).toBe(200);
  });

  it('answers 404 for a user deleted already, and for an id no user ever had, changing nothing', async () => {
    // Given a user that was deleted
    const gone = await host.customer();
    expect((await remove(gone.id)).statusCode).toBe(204);
    const before = await snapshot();
    // When it is deleted again, or an unknown id is
    const again = await remove(gone.id);
    const unknown = await remove(UNKNOWN_ID);
    // Then both are 404 problems naming the id, and nothing changed
    expectProblem(again, 404);
    expect(again.json().detail).toContain(gone.id);
    expectProblem(unknown, 404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an id that is not a UUID with a 400 naming the field', async () => {
    const before = await snapshot();
    const response = await remove('not-a-uuid');
    expectProblem(response, 400);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain('id');
    expect(await snapshot()).toEqual(before);
  });

  describe('who may delete', () => {
    const expectRefused = async (targetId: string, authorization: string | null, status: 401 | 403) => {
      const before = await snapshot();
      expectProblem(await remove(targetId, authorization), status);
      expect(await snapshot()).toEqual(before);
    };

    it('refuses a request without a token with 401 and a Bearer challenge', async () => {
      const victim = await host.customer();
      await expectRefused(victim.id, null, 401);
      expect((await remove(victim.id, null)).headers['www-authenticate']).toMatch(/^Bearer realm="shop"/);
    });

    it('refuses a customer deleting another customer with 403', async () => {
      const victim = await host.customer();
      const attacker = await host.customer();
      await expectRefused(victim.id, `Bearer ${attacker.accessToken}`, 403);
    });

    it('refuses a customer deleting themself with 403: closing an account is an admin task', async () => {
      const customer = await host.customer();
      await expectRefused(customer.id, `Bearer ${customer.accessToken}`, 403);
    });

    it('refuses a service token with 403', async () => {
      const victim = await host.customer();
      const service = await host.token({
        grant_type: 'client_credentials',
        client_id: 'order-service',
        client_secret: TEST_SERVICE_SECRET,
      });
      await expectRefused(victim.id, `Bearer ${service.body.access_token}`, 403);
    });

    it('refuses a customer with 403 before looking the id up, so ids cannot be probed', async () => {
      const customer = await host.customer();
      await expectRefused(UNKNOWN_ID, `Bearer ${customer.accessToken}`, 403);
    });
  });
});
