import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../container';
import { createHttpHost } from '../http';
import { createLogger } from '../logging';
import { Mediator } from '../mediator';
import { startTestTokenIssuer, type TestTokenIssuer } from '../testing';
import { authPlugin, openApiSecurity } from './auth-plugin';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function startApp(issuer: TestTokenIssuer, jwksUrl = issuer.jwksUrl): Promise<FastifyInstance> {
  const { app } = await createHttpHost({
    service: 'auth-test',
    version: '0',
    description: 'auth plugin test',
    logger: createLogger({ service: 'auth-test', level: 'silent' }),
    mediator: new Mediator(createContainer(), []),
    endpoints: [
      (app) => app.get('/public', { schema: { summary: 'public' } }, async () => ({ ok: true })),
      (app) => app.get('/any', { onRequest: app.auth.requireAuthenticated() }, async (request) => request.principal),
      (app) => app.post('/admin', { onRequest: app.auth.requireRole('admin') }, async () => ({ ok: true })),
      (app) => app.get('/users/:id', { onRequest: app.auth.requireSelfOrAdmin('id') }, async () => ({ ok: true })),
    ],
    plugins: [authPlugin({ jwksUrl, issuer: issuer.issuer, audience: issuer.audience, jwksCooldownMs: 0 })],
    openApiComponents: openApiSecurity('http://127.0.0.1:5002'),
  });
  return app;
}

describe('authPlugin', () => {
  let issuer: TestTokenIssuer;
  let app: FastifyInstance;
  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    app = await startApp(issuer);
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  const call = (method: 'GET' | 'POST', url: string, token?: string, scheme = 'Bearer') =>
    app.inject({ method, url, headers: token === undefined ? {} : { authorization: `${scheme} ${token}` } });

  it('refuses a request without a token with 401, a Bearer challenge and problem details', async () => {
    const response = await call('POST', '/admin');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="shop"');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, type: 'https://shop.example/problems/unauthorized' });
  });

  it('refuses an anonymous caller before parsing its body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/admin',
      headers: { 'content-type': 'application/json' },
      payload: '{"not": json',
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['a non-bearer scheme', 'Basic', 'dXNlcjpwYXNz'],
    ['a bearer scheme without token', 'Bearer', ''],
    ['garbage', 'Bearer', 'not-a-jwt'],
  ])('refuses %s with 401 invalid_token', async (_case, scheme, token) => {
    const response = await call('GET', '/any', token, scheme);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer realm="shop"');
  });

  it('refuses expired, wrong-audience, wrong-issuer and foreign-key tokens', async () => {
    const claims = { sub: randomUUID(), role: 'admin' as const };
    const tokens = [
      await issuer.sign(claims, { expiresIn: -60 }),
      await issuer.sign(claims, { audience: 'another-api' }),
      await issuer.sign(claims, { issuer: 'https://evil.example' }),
      await issuer.signWithForeignKey(claims),
    ];
    for (const token of tokens) {
      const response = await call('POST', '/admin', token);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('refuses a tampered token (customer turned admin)', async () => {
    const [header, payload, signature] = (await issuer.customerToken()).split('.');
    const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString());
    const forged = `${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`;
    expect((await call('POST', '/admin', forged)).statusCode).toBe(401);
  });

  it('refuses alg none and HS256 signed with the public key', async () => {
    const valid = await issuer.adminToken();
    const claims = JSON.parse(Buffer.from(String(valid.split('.')[1]), 'base64url').toString());
    const none = `${base64url({ alg: 'none', typ: 'at+jwt' })}.${base64url(claims)}.`;
    const kid = JSON.parse(Buffer.from(String(valid.split('.')[0]), 'base64url').toString()).kid;
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
      .sign(new TextEncoder().encode(await issuer.publicKeyPem()));
    expect((await call('POST', '/admin', none)).statusCode).toBe(401);
    expect((await call('POST', '/admin', hs256)).statusCode).toBe(401);
    expect((await call('POST', '/admin', valid)).statusCode).toBe(200);
  });

  it('gives 403 to a customer on an admin route and 200 to an admin', async () => {
    const customer = await call('POST', '/admin', await issuer.customerToken());
    expect(customer.statusCode).toBe(403);
    expect(customer.json().type).toBe('https://shop.example/problems/forbidden');
    expect((await call('POST', '/admin', await issuer.adminToken())).statusCode).toBe(200);
  });

  it('lets a user read themself, an admin read anyone, and answers 404 for another user', async () => {
    const me = randomUUID();
    expect((await call('GET', `/users/${me}`, await issuer.customerToken(me))).statusCode).toBe(200);
    expect((await call('GET', `/users/${me}`, await issuer.adminToken())).statusCode).toBe(200);
    expect((await call('GET', `/users/${randomUUID()}`, await issuer.customerToken(me))).statusCode).toBe(404);
  });

  it('refetches the key set when a token names an unknown kid (key rotation)', async () => {
    await call('GET', '/any', await issuer.adminToken());
    const before = issuer.fetches;
    await issuer.rotate();
    const response = await call('GET', '/any', await issuer.adminToken());
    expect(response.statusCode).toBe(200);
    expect(issuer.fetches).toBe(before + 1);
  });

  it('documents guarded routes with security and leaves public routes open', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/swagger/json' })).json();
    expect(spec.paths['/admin'].post.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
    expect(spec.paths['/public'].get.security).toBeUndefined();
    expect(spec.components.securitySchemes.oauth2.flows.password.tokenUrl).toBe('http://127.0.0.1:5002/connect/token');
  });

  it('answers 503 when the key set cannot be fetched', async () => {
    const unreachable = await startApp(issuer, 'http://127.0.0.1:1/.well-known/jwks.json');
    const response = await unreachable.inject({
      method: 'GET',
      url: '/any',
      headers: { authorization: `Bearer ${await issuer.adminToken()}` },
    });
    await unreachable.close();
    expect(response.statusCode).toBe(503);
  });
});
