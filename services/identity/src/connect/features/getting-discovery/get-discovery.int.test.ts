import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from '../../../test/identity-test-host';

describe('discovery and userinfo', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  it('publishes the endpoints under the configured issuer', async () => {
    const response = await host.service.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });
    expect(response.statusCode).toBe(200);
    const issuer = host.config.AUTH_ISSUER;
    expect(response.json()).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/connect/token`,
      revocation_endpoint: `${issuer}/connect/revoke`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['password', 'refresh_token', 'client_credentials'],
    });
  });

  it("returns the caller's claims at /connect/userinfo", async () => {
    const customer = await host.customer('grace');
    const response = await host.service.app.inject({
      method: 'GET',
      url: '/connect/userinfo',
      headers: { authorization: `Bearer ${customer.accessToken}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sub: customer.id,
      preferred_username: 'grace',
      email: 'grace@example.com',
      given_name: 'Ada',
      family_name: 'Lovelace',
      role: 'customer',
    });
  });

  it('documents the OAuth2 password flow and bearer scheme in OpenAPI', async () => {
    const spec = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json();
    expect(spec.components.securitySchemes.oauth2.flows.password.tokenUrl).toBe(
      `${host.config.AUTH_ISSUER}/connect/token`,
    );
    expect(spec.paths['/api/v1/identity/users'].get.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
    expect(spec.paths['/api/v1/identity/users'].post.security).toBeUndefined();
  });
});
