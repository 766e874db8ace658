import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_ADMIN_PASSWORD } from '../../../test/identity-test-host';

describe('POST /connect/token, refresh_token grant (RFC 6749 §6)', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  const adminLogin = (password = TEST_ADMIN_PASSWORD, username = 'admin') =>
    host.token({ grant_type: 'password', client_id: 'shop-client', username, password });

  describe('refresh_token grant', () => {
    const refresh = (refreshToken: string, clientId = 'shop-client') =>
      host.token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });

    it('rotates: the new pair works, the old refresh token is spent', async () => {
      const first = (await adminLogin()).body;
      const second = await refresh(String(first.refresh_token));
      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.refresh_token);
      expect((await refresh(String(second.body.refresh_token))).status).toBe(200);
    });

    it('refuses a wider scope with invalid_scope without spending the token', async () => {
      // Given a refresh token granted for the login's scope
      const login = (await adminLogin()).body;
      const token = String(login.refresh_token);

      // When a refresh asks for more than was granted
      const wider = await host.token({
        grant_type: 'refresh_token',
        client_id: 'shop-client',
        refresh_token: token,
        scope: `${login.scope} identity.users.read`,
      });

      // Then it is refused, and the token still works once (it was not spent)
      expect(wider).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
      expect((await refresh(token)).status).toBe(200);
    });

    it('revokes the whole family when a spent token is reused', async () => {
      const login = (await adminLogin()).body;
      const rotated = (await refresh(String(login.refresh_token))).body;
      const reuse = await refresh(String(login.refresh_token));
      expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      const descendant = await refresh(String(rotated.refresh_token));
      expect(descendant).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    it('refuses an unknown token, an expired token and another client', async () => {
      expect((await refresh('made-up-token')).body.error).toBe('invalid_grant');
      const login = (await adminLogin()).body;
      expect((await refresh(String(login.refresh_token), 'order-service')).status).toBe(401);
      await host.service.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second'`);
      expect((await refresh(String(login.refresh_token))).body.error).toBe('invalid_grant');
    });

    it('stores only hashes of refresh tokens', async () => {
      const login = (await adminLogin()).body;
      const rows: { token_hash: string }[] = await host.service.dataSource.query(
        'SELECT token_hash FROM refresh_tokens',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.token_hash)).not.toContain(login.refresh_token);
      expect(JSON.stringify(rows)).not.toContain(String(login.refresh_token));
    });
  });
});
