import {
  describeAuthorizationMatrix,
  type MatrixRoute,
  type Refusal,
  type RefusedTokens,
  sendAs,
} from '@shop/building-blocks/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from './identity-test-host';

type Access = 'authenticated' | 'user' | 'admin' | 'self-or-admin';

interface Route extends MatrixRoute {
  access: Access;
}

/**
 * Every protected identity route against every kind of bad credential: each answer is exactly the documented
 * 401/403/404, and the target user's row is unchanged afterwards (the write did not happen).
 */
describe('identity authorization matrix', () => {
  let host: IdentityTestHost;
  let victim: { id: string; accessToken: string };
  let attacker: { id: string; accessToken: string };
  let tokens: RefusedTokens & { service: string };
  let victimRow: () => Promise<unknown>;

  beforeAll(async () => {
    host = await startIdentityForTest();
    victim = await host.customer();
    attacker = await host.customer();
    const { privateKey } = await generateKeyPair('RS256');
    const [validHeader] = attacker.accessToken.split('.');
    const kid = JSON.parse(Buffer.from(String(validHeader), 'base64url').toString()).kid;
    const service = await host.token({
      grant_type: 'client_credentials',
      client_id: 'order-service',
      client_secret: TEST_SERVICE_SECRET,
    });
    tokens = {
      expired: await host.sign({ sub: attacker.id, role: 'admin', scope: 'shop.api' }, { expiresIn: -120 }),
      wrongSignature: await new SignJWT({ sub: attacker.id, role: 'admin', scope: 'shop.api' })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
        .setIssuer(host.config.AUTH_ISSUER)
        .setAudience(host.config.AUTH_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti('forged')
        .sign(privateKey),
      wrongAudience: await host.sign({ sub: attacker.id, role: 'admin' }, { audience: 'another-api' }),
      wrongIssuer: await host.sign({ sub: attacker.id, role: 'admin' }, { issuer: 'https://evil.example' }),
      service: String(service.body.access_token),
    };
    victimRow = async () =>
      (await host.service.dataSource.query('SELECT * FROM users WHERE id = $1', [victim.id]))[0] ?? 'deleted';
  });
  afterAll(() => host.stop());

  const routes: Route[] = [
    { name: 'GET /connect/userinfo', method: 'GET', url: () => '/connect/userinfo', access: 'user' },
    { name: 'GET /users', method: 'GET', url: () => '/api/v1/identity/users', access: 'admin' },
    {
      name: 'GET /users/{id}',
      method: 'GET',
      url: () => `/api/v1/identity/users/${victim.id}`,
      access: 'self-or-admin',
    },
    {
      name: 'PUT /users/{id}',
      method: 'PUT',
      url: () => `/api/v1/identity/users/${victim.id}`,
      payload: { firstName: 'Hacked', lastName: 'Hacked', email: 'hacked@example.com' },
      access: 'self-or-admin',
    },
    { name: 'DELETE /users/{id}', method: 'DELETE', url: () => `/api/v1/identity/users/${victim.id}`, access: 'admin' },
  ];

  const customer = () => `Bearer ${attacker.accessToken}`;
  const service = () => `Bearer ${tokens.service}`;
  const refusals: Record<Access, Refusal[]> = {
    authenticated: [],
    user: [{ name: 'service token', authorization: service, status: 403 }],
    admin: [
      { name: 'customer token', authorization: customer, status: 403 },
      { name: 'service token', authorization: service, status: 403 },
    ],
    'self-or-admin': [
      { name: "another customer's resource", authorization: customer, status: 404 },
      { name: 'service token', authorization: service, status: 404 },
    ],
  };

  describeAuthorizationMatrix({
    app: () => host.service.app,
    routes,
    tokens: () => tokens,
    refusals: (route) => refusals[route.access],
    snapshot: () => victimRow(),
  });

  it('still lets the rightful callers in (the matrix refuses for the right reason)', async () => {
    const [userinfo, list, get, update] = routes;
    const admin = `Bearer ${await host.adminToken()}`;
    const self = `Bearer ${victim.accessToken}`;
    const app = host.service.app;
    expect((await sendAs(app, userinfo as Route, self)).statusCode).toBe(200);
    expect((await sendAs(app, list as Route, admin)).statusCode).toBe(200);
    expect((await sendAs(app, get as Route, self)).statusCode).toBe(200);
    expect((await sendAs(app, update as Route, self)).statusCode).toBe(200);
  });
});
