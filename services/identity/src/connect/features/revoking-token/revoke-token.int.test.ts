import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_ADMIN_PASSWORD } from '../../../test/identity-test-host';

describe('POST /connect/revoke (RFC 7009)', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  const login = async () =>
    (
      await host.token({
        grant_type: 'password',
        client_id: 'shop-client',
        username: 'admin',
        password: TEST_ADMIN_PASSWORD,
      })
    ).body;
  const revoke = (form: Record<string, string>) =>
    host.service.app.inject({
      method: 'POST',
      url: '/connect/revoke',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const refresh = (token: string) =>
    host.token({ grant_type: 'refresh_token', client_id: 'shop-client', refresh_token: token });

  it('revokes a refresh token: it, and what was rotated from it, are refused afterwards', async () => {
    const tokens = await login();
    const rotated = (await refresh(String(tokens.refresh_token))).body;
    const response = await revoke({ token: String(rotated.refresh_token), client_id: 'shop-client' });
    expect(response.statusCode).toBe(200);
    expect(await refresh(String(rotated.refresh_token))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('answers 200 for an unknown token and for another client’s token, revoking nothing (§2.2)', async () => {
    const tokens = await login();
    expect((await revoke({ token: 'never-issued', client_id: 'shop-client' })).statusCode).toBe(200);
    const others = await revoke({
      token: String(tokens.refresh_token),
      client_id: 'order-service',
      client_secret: 'test-order-secret',
    });
    expect(others.statusCode).toBe(200);
    expect((await refresh(String(tokens.refresh_token))).status).toBe(200);
  });

  it('refuses an unauthenticated client with 401 invalid_client and a missing token with invalid_request', async () => {
    const noClient = await revoke({ token: 'x' });
    expect(noClient.statusCode).toBe(401);
    expect(noClient.json().error).toBe('invalid_client');
    const noToken = await revoke({ client_id: 'shop-client' });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json()).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('token') });
  });

  it.each<{ parameter: string; form: Record<string, string> }>([
    { parameter: 'token', form: { client_id: 'shop-client', token: 'a\u0000b' } },
    { parameter: 'token', form: { client_id: 'shop-client', token: 'x'.repeat(4097) } },
    { parameter: 'token', form: { client_id: 'shop-client', token: '\u001b[2J' } },
    { parameter: 'client_id', form: { client_id: 'shop\u0000client', token: 'x' } },
    { parameter: 'client_secret', form: { client_id: 'order-service', client_secret: 'a\u0085', token: 'x' } },
    { parameter: 'token_type_hint', form: { client_id: 'shop-client', token: 'x', token_type_hint: 'id_token' } },
  ])('refuses a malformed $parameter with 400 invalid_request naming it', async ({ parameter, form }) => {
    const response = await revoke(form);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining(parameter),
    });
  });

  it('refuses a repeated parameter with invalid_request', async () => {
    const response = await host.service.app.inject({
      method: 'POST',
      url: '/connect/revoke',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'client_id=shop-client&token=a&token=b',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_request');
  });

  it('documents the form with the rules that check it', async () => {
    const spec = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json();
    const body = spec.paths['/connect/revoke'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(body.required).toEqual(['token']);
    expect(body.properties.token).toMatchObject({ type: 'string', maxLength: 4096 });
    expect(body.properties.token_type_hint.enum).toEqual(['refresh_token', 'access_token']);
    expect(body.properties.client_secret.format).toBe('password');
  });
});
