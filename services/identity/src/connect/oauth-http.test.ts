import formbody from '@fastify/formbody';
import { schemaOf } from '@shop/building-blocks/http';
import { IsOptional } from 'class-validator';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantScope, OAuthFailure } from './oauth';
import { IsClientId, IsClientSecret, IsLoginName } from './oauth.rules';
import { clientCredentialsOf, oauthErrorHandler, readClientRequest } from './oauth-http';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('clientCredentialsOf (RFC 6749 §2.3.1)', () => {
  it('reads form-url-encoded id and secret from Basic', () => {
    expect(clientCredentialsOf(basic('order-service:a%3Ab+c'), {})).toEqual({
      clientId: 'order-service',
      clientSecret: 'a:b c',
    });
  });

  it('reads client_id and client_secret from the body', () => {
    expect(clientCredentialsOf(undefined, { client_id: 'shop-client' })).toEqual({
      clientId: 'shop-client',
      clientSecret: undefined,
    });
  });

  it.each([
    ['no credentials at all', undefined, {}, 'invalid_client'],
    ['Basic without a colon', basic('just-an-id'), {}, 'invalid_client'],
    ['Basic with broken escapes', basic('%E0%A4%A:x'), {}, 'invalid_client'],
    ['two methods at once', basic('a:b'), { client_secret: 'b' }, 'invalid_request'],
    ['a body client_id that differs', basic('a:b'), { client_id: 'c' }, 'invalid_request'],
  ])('refuses %s', (_case, header, form, error) => {
    const result = clientCredentialsOf(header, form);
    expect(result).toBeInstanceOf(OAuthFailure);
    expect((result as OAuthFailure).error).toBe(error);
  });
});

class LoginForm {
  @IsLoginName()
  username: string;

  @IsClientId()
  client_id: string;

  @IsOptional()
  @IsClientSecret()
  client_secret?: string;
}

describe('readClientRequest', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(formbody);
    app.post('/login', async (request) => {
      const read = readClientRequest(request, LoginForm);
      return read instanceof OAuthFailure ? read.toJSON() : read;
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const post = async (payload: string, authorization?: string) =>
    (
      await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
        payload,
      })
    ).json();

  it('reads the recognised parameters and the client, and ignores the rest (RFC 6749 §3.2)', async () => {
    expect(await post('username=ada&client_id=shop-client&colour=%00&constructor=x')).toEqual({
      form: { username: 'ada', client_id: 'shop-client' },
      credentials: { clientId: 'shop-client' },
    });
  });

  it('checks the credentials from Basic by the same rules as the body', async () => {
    expect(await post('username=ada', basic('order-service:s3cret'))).toMatchObject({
      form: { client_id: 'order-service', client_secret: 's3cret' },
      credentials: { clientId: 'order-service', clientSecret: 's3cret' },
    });
    expect(await post('username=ada', basic('order%00service:s3cret'))).toEqual({
      error: 'invalid_request',
      error_description: 'Missing or invalid parameter(s): client_id',
    });
  });

  it.each([
    ['NUL', 'username=a%00b&client_id=c', 'username'],
    ['a line break', 'username=a%0Ab&client_id=c', 'username'],
    ['a C1 control', 'username=a%C2%85&client_id=c', 'username'],
    ['an escape', 'username=ada&client_id=c%1B', 'client_id'],
    ['a value too long', `username=${'a'.repeat(65)}&client_id=c`, 'username'],
    ['a missing required parameter', 'client_id=c', 'username'],
    ['a control character in a secret', 'username=ada&client_id=c&client_secret=%7F', 'client_secret'],
  ])('refuses %s with invalid_request naming the parameter', async (_case, payload, name) => {
    expect(await post(payload)).toEqual({
      error: 'invalid_request',
      error_description: `Missing or invalid parameter(s): ${name}`,
    });
  });

  it('refuses a repeated parameter, recognised or not', async () => {
    expect(await post('username=a&username=b&client_id=c')).toMatchObject({ error: 'invalid_request' });
    expect(await post('username=a&client_id=c&x=1&x=2')).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a body that is not a form', async () => {
    const response = await app.inject({ method: 'POST', url: '/login', payload: { username: 'ada', client_id: 'c' } });
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('oauthErrorHandler', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // fastify's own schema validation, on here, rejects before the route's handler runs.
    app = Fastify();
    await app.register(formbody);
    app.post('/token', { schema: { body: schemaOf(LoginForm) }, errorHandler: oauthErrorHandler }, async () => ({}));
    app.post('/broken', { errorHandler: oauthErrorHandler }, async () => {
      throw new Error('database is down');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    ['a schema violation', 'application/x-www-form-urlencoded', `username=${'a'.repeat(65)}&client_id=c`],
    ['a control character the schema refuses', 'application/x-www-form-urlencoded', 'username=a%00&client_id=c'],
    ['an unsupported content type', 'application/xml', '<username>ada</username>'],
  ])('answers %s with a 400 RFC 6749 invalid_request, not problem details', async (_case, contentType, payload) => {
    const response = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it('answers an unexpected failure with 503 temporarily_unavailable and no detail', async () => {
    const response = await app.inject({ method: 'POST', url: '/broken' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'Try again later' });
  });
});

describe('OAuthFailure (RFC 6749 §5.2)', () => {
  it('keeps the description to printable ASCII other than quote and backslash, and bounded', () => {
    const failure = new OAuthFailure('invalid_request', 'Parameter "na\u0000mé\\" is repeated');
    expect(failure.toJSON()).toEqual({
      error: 'invalid_request',
      error_description: 'Parameter ?na?m??? is repeated',
    });
    expect(new OAuthFailure('invalid_request', 'x'.repeat(10_000)).description.length).toBeLessThanOrEqual(300);
  });
});

describe('grantScope (RFC 6749 §3.3)', () => {
  const allowed = ['openid', 'profile', 'shop.api'];

  it('grants everything allowed when nothing is asked, and exactly what is asked otherwise', () => {
    expect(grantScope(undefined, allowed)).toBe('openid profile shop.api');
    expect(grantScope('shop.api  openid shop.api', allowed)).toBe('shop.api openid');
  });

  it('refuses a scope outside the allowed set and names it', () => {
    const result = grantScope('openid admin.everything', allowed);
    expect(result).toBeInstanceOf(OAuthFailure);
    expect((result as OAuthFailure).description).toContain('admin.everything');
  });
});
