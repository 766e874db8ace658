import { type CryptoKey, exportSPKI, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from '../test/identity-test-host';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string | undefined) => JSON.parse(Buffer.from(String(part), 'base64url').toString());

/** Forged variants of a real identity token, each refused by identity itself (userinfo answers 401). */
describe('identity refuses forged tokens against its own keys', () => {
  let host: IdentityTestHost;
  let valid: string;
  beforeAll(async () => {
    host = await startIdentityForTest();
    valid = (await host.customer()).accessToken;
  });
  afterAll(() => host.stop());

  const userinfo = (token: string) =>
    host.service.app.inject({ method: 'GET', url: '/connect/userinfo', headers: { authorization: `Bearer ${token}` } });

  it('accepts the genuine token', async () => {
    expect((await userinfo(valid)).statusCode).toBe(200);
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = valid.split('.');
    const forged = `${header}.${base64url({ ...decode(payload), role: 'admin' })}.${signature}`;
    expect((await userinfo(forged)).statusCode).toBe(401);
  });

  it('refuses alg none', async () => {
    const [header, payload] = valid.split('.');
    const forged = `${base64url({ ...decode(header), alg: 'none' })}.${payload}.`;
    expect((await userinfo(forged)).statusCode).toBe(401);
  });

  it('refuses HS256 signed with the published public key', async () => {
    const { keys } = (await host.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: JWK[];
    }>();
    const jwk = keys[0] as JWK;
    const publicPem = await exportSPKI((await importJWK(jwk, 'RS256')) as CryptoKey);
    const [header, payload] = valid.split('.');
    const forged = await new SignJWT(decode(payload))
      .setProtectedHeader({ ...decode(header), alg: 'HS256' })
      .sign(new TextEncoder().encode(publicPem));
    expect((await userinfo(forged)).statusCode).toBe(401);
  });

  it('refuses a wrong audience, a wrong issuer and an expired token signed with the real key', async () => {
    const claims = decode(valid.split('.')[1]);
    const customer = { sub: claims.sub, role: 'customer', scope: 'shop.api' };
    expect((await userinfo(await host.sign(customer))).statusCode).toBe(200);
    for (const options of [{ expiresIn: -60 }, { audience: 'another-api' }, { issuer: 'https://evil.example' }]) {
      expect((await userinfo(await host.sign(customer, options))).statusCode).toBe(401);
    }
  });
});
