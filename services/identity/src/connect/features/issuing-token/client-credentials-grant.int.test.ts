import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IdentityTestHost,
  startIdentityForTest,
  TEST_ADMIN_PASSWORD,
  TEST_SERVICE_SECRET,
} from '../../../test/identity-test-host';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('POST /connect/token, client_credentials grant (RFC 6749 §4.4)', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  describe('client_credentials grant', () => {
    it('issues a service token without a refresh token or role', async () => {
      const { status, body } = await host.token(
        { grant_type: 'client_credentials' },
        {
          authorization: basic('order-service', TEST_SERVICE_SECRET),
        },
      );
      expect(status).toBe(200);
      expect(body.refresh_token).toBeUndefined();
      const principal = await host.service.verifier(String(body.access_token));
      expect(principal).toMatchObject({ subject: 'order-service', clientId: 'order-service', role: undefined });
      expect(principal.scopes).toContain('identity.users.read');
    });

    it('accepts client_secret_post too', async () => {
      const { status } = await host.token({
        grant_type: 'client_credentials',
        client_id: 'order-service',
        client_secret: TEST_SERVICE_SECRET,
      });
      expect(status).toBe(200);
    });

    it('refuses a wrong secret with 401 and a Basic challenge', async () => {
      const response = await host.service.app.inject({
        method: 'POST',
        url: '/connect/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('order-service', 'wrong-secret'),
        },
        payload: 'grant_type=client_credentials',
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toBe('invalid_client');
      expect(response.headers['www-authenticate']).toContain('Basic');
    });

    it('refuses a public client and a grant the client may not use', async () => {
      const publicClient = await host.token({ grant_type: 'client_credentials', client_id: 'shop-client' });
      expect(publicClient).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
      const servicePassword = await host.token(
        { grant_type: 'password', username: 'admin', password: TEST_ADMIN_PASSWORD },
        { authorization: basic('order-service', TEST_SERVICE_SECRET) },
      );
      expect(servicePassword).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    });
  });
});
