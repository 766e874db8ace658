import { type RefusedTokens, UNAUTHENTICATED_CASES } from '@shop/building-blocks/testing';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from './identity-test-host';

type Access = 'authenticated' | 'user' | 'admin' | 'self-or-admin';

interface Route {
  name: string;
  method: 'GET' | 'PUT' | 'DELETE';
  url: () => string;
  payload?: object;
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

  const send = (route: Route, authorization?: string) =>
    host.service.app.inject({
      method: route.method,
      url: route.url(),
      payload: route.payload,
      headers: authorization ? { authorization } : {},
    });

  const expectRefused = async (route: Route, authorization: string | undefined, status: number) => {
    const before = await victimRow();
    const response = await send(route, authorization);
    expect(response.statusCode, `${route.method} ${route.url()}`).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="shop"/);
    expect(await victimRow()).toEqual(before);
  };

  describe.each(routes.map((route) => [route.name, route] as const))('%s', (_name, route) => {
    it.each(UNAUTHENTICATED_CASES)('$name -> 401', ({ authorization }) =>
      expectRefused(route, authorization(tokens), 401),
    );
    it('no token and a malformed body -> 401, refused before parsing', async () => {
      const response = await host.service.app.inject({
        method: route.method,
        url: route.url(),
        headers: { 'content-type': 'application/json' },
        payload: '{"broken": ',
      });
      expect(response.statusCode).toBe(401);
    });

    if (route.access === 'admin') {
      it('customer token -> 403', () => expectRefused(route, `Bearer ${attacker.accessToken}`, 403));
      it('service token -> 403', () => expectRefused(route, `Bearer ${tokens.service}`, 403));
    }
    if (route.access === 'self-or-admin') {
      it("another customer's resource -> 404", () => expectRefused(route, `Bearer ${attacker.accessToken}`, 404));
      it('service token -> 404', () => expectRefused(route, `Bearer ${tokens.service}`, 404));
    }
    if (route.access === 'user') {
      it('service token -> 403', () => expectRefused(route, `Bearer ${tokens.service}`, 403));
    }
  });

  it('still lets the rightful callers in (the matrix refuses for the right reason)', async () => {
    const [userinfo, list, get, update] = routes;
    const admin = `Bearer ${await host.adminToken()}`;
    const self = `Bearer ${victim.accessToken}`;
    expect((await send(userinfo as Route, self)).statusCode).toBe(200);
    expect((await send(list as Route, admin)).statusCode).toBe(200);
    expect((await send(get as Route, self)).statusCode).toBe(200);
    expect((await send(update as Route, self)).statusCode).toBe(200);
  });
});
