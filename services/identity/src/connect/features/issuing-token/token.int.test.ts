import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PasswordHasher } from '../../../security/password-hasher';
import { type IdentityTestHost, startIdentityForTest, TEST_ADMIN_PASSWORD } from '../../../test/identity-test-host';

describe('POST /connect/token', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  const adminLogin = (password = TEST_ADMIN_PASSWORD, username = 'admin') =>
    host.token({ grant_type: 'password', client_id: 'shop-client', username, password });

  describe('password grant', () => {
    it('issues an RS256 access token with the documented claims and a refresh token', async () => {
      const { status, body } = await adminLogin();
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'openid profile shop.api' });
      expect(body.refresh_token).toEqual(expect.any(String));
      const header = decodeProtectedHeader(String(body.access_token));
      expect(header.alg).toBe('RS256');
      expect(header.kid).toEqual(expect.any(String));
      const claims = decodeJwt(String(body.access_token));
      expect(claims).toMatchObject({
        role: 'admin',
        iss: host.config.AUTH_ISSUER,
        aud: 'shop-api',
        client_id: 'shop-client',
      });
      expect(claims.jti).toEqual(expect.any(String));
      expect(await host.service.verifier(String(body.access_token))).toMatchObject({ role: 'admin' });
    });

    it('answers no-store JSON, never problem details (RFC 6749 §5.1)', async () => {
      const response = await host.service.app.inject({
        method: 'POST',
        url: '/connect/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=password&client_id=shop-client&username=admin&password=${encodeURIComponent(TEST_ADMIN_PASSWORD)}`,
      });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-type']).toContain('application/json');
    });

    it('refuses a wrong password and an unknown user identically, each after one argon2 verify', async () => {
      const verify = vi.spyOn(PasswordHasher.prototype, 'verify');
      const hash = vi.spyOn(PasswordHasher.prototype, 'hash');
      const wrong = await adminLogin('not-the-password');
      expect(verify).toHaveBeenCalledTimes(1);
      const unknown = await adminLogin('not-the-password', 'nobody-by-this-name');
      expect(verify).toHaveBeenCalledTimes(2);
      // The same work on both paths: one verify each, no hash made on the fly for the unknown user.
      expect(hash).not.toHaveBeenCalled();
      verify.mockRestore();
      hash.mockRestore();
      expect(wrong).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: expect.any(String) } });
      expect(unknown).toEqual(wrong);
    });

    it('accepts a public client in Basic credentials with an empty secret, and refuses it with a secret', async () => {
      const send = (secret: string) =>
        host.service.app.inject({
          method: 'POST',
          url: '/connect/token',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`shop-client:${secret}`).toString('base64')}`,
          },
          payload: `grant_type=password&username=admin&password=${encodeURIComponent(TEST_ADMIN_PASSWORD)}`,
        });

      // Swagger UI's default "Authorization header" sends `shop-client:` for a client without a secret.
      const empty = await send('');
      const guessed = await send('guess');

      expect(empty.statusCode).toBe(200);
      expect(empty.json().access_token).toEqual(expect.any(String));
      expect(guessed.statusCode).toBe(401);
      expect(guessed.json().error).toBe('invalid_client');
    });

    it('refuses an unknown client with 401 invalid_client', async () => {
      const { status, body } = await host.token({
        grant_type: 'password',
        client_id: 'nope',
        username: 'admin',
        password: 'x',
      });
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('refuses a disabled client with 401 invalid_client', async () => {
      await host.service.dataSource.query(
        `INSERT INTO clients (id, secret_hash, grant_types, scopes, enabled) VALUES ('old-app', NULL, '{password}', '{shop.api}', false)`,
      );
      const { status, body } = await host.token({
        grant_type: 'password',
        client_id: 'old-app',
        username: 'admin',
        password: TEST_ADMIN_PASSWORD,
      });
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('refuses a scope the client may not have with invalid_scope', async () => {
      const { status, body } = await host.token({
        grant_type: 'password',
        client_id: 'shop-client',
        username: 'admin',
        password: TEST_ADMIN_PASSWORD,
        scope: 'identity.users.read',
      });
      expect(status).toBe(400);
      expect(body.error).toBe('invalid_scope');
    });

    it('names missing parameters with invalid_request', async () => {
      const { status, body } = await host.token({
        grant_type: 'password',
        client_id: 'shop-client',
        username: 'admin',
      });
      expect(status).toBe(400);
      expect(body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('password') });
    });

    it('refuses repeated parameters and unknown grant types', async () => {
      const repeated = await host.service.app.inject({
        method: 'POST',
        url: '/connect/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=password&client_id=shop-client&username=admin&username=other&password=x',
      });
      expect(repeated.statusCode).toBe(400);
      expect(repeated.json().error).toBe('invalid_request');
      const unknown = await host.token({ grant_type: 'authorization_code', client_id: 'shop-client' });
      expect(unknown).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    });

    it("lets another service's Swagger UI call it (CORS) and no unknown origin", async () => {
      const preflight = (origin: string) =>
        host.service.app.inject({
          method: 'OPTIONS',
          url: '/connect/token',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      expect((await preflight('http://localhost:5000')).headers['access-control-allow-origin']).toBe(
        'http://localhost:5000',
      );
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a JSON body with invalid_request instead of problem details', async () => {
      const response = await host.service.app.inject({
        method: 'POST',
        url: '/connect/token',
        payload: { grant_type: 'password' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('invalid_request');
    });
  });
});
