import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_ADMIN_PASSWORD } from '../../../test/identity-test-host';

describe('POST /connect/token with malformed parameters (RFC 6749 §5.2 invalid_request, never a 5xx)', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  const password = { grant_type: 'password', client_id: 'shop-client', username: 'admin', password: 'x' };
  const refresh = { grant_type: 'refresh_token', client_id: 'shop-client', refresh_token: 'r' };
  const hostile = [
    { name: 'NUL', value: 'a\u0000b' },
    { name: 'an escape sequence', value: '\u001b[2J' },
    { name: 'a line break', value: 'a\r\nb' },
    { name: 'DEL', value: 'a\u007f' },
    { name: 'a C1 control', value: 'a\u0085' },
    { name: '100,000 characters', value: 'a'.repeat(100_000) },
  ];
  const cases = hostile.flatMap(({ name, value }) => [
    { parameter: 'username', name, form: { ...password, username: value } },
    { parameter: 'password', name, form: { ...password, password: value } },
    { parameter: 'client_id', name, form: { ...password, client_id: value } },
    { parameter: 'client_secret', name, form: { ...password, client_secret: value } },
    { parameter: 'scope', name, form: { ...password, scope: value } },
    { parameter: 'grant_type', name, form: { ...password, grant_type: value } },
    { parameter: 'refresh_token', name, form: { ...refresh, refresh_token: value } },
  ]);

  it.each(cases)('refuses $name in $parameter with a 400 naming it', async ({ parameter, form }) => {
    const { status, body } = await host.token(form);
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining(parameter) });
  });

  it.each([
    { case: 'a NUL in the client id', raw: 'shop%00client:', parameter: 'client_id' },
    { case: 'an escape in the secret', raw: 'order-service:s%1Bcret', parameter: 'client_secret' },
  ])('refuses $case of Basic credentials with a 400 naming $parameter', async ({ raw, parameter }) => {
    const { status, body } = await host.token(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from(raw).toString('base64')}` },
    );
    expect(status).toBe(400);
    expect(body).toEqual({ error: 'invalid_request', error_description: expect.stringContaining(parameter) });
  });

  it('refuses Basic credentials with broken escapes with 401 invalid_client and the Basic challenge', async () => {
    const response = await host.service.app.inject({
      method: 'POST',
      url: '/connect/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
      },
      payload: 'grant_type=client_credentials',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('invalid_client');
    expect(response.headers['www-authenticate']).toBe('Basic realm="shop"');
  });

  it('refuses a repeated parameter, recognised or not, and masks what it quotes to RFC 6749 characters', async () => {
    const send = (payload: string) =>
      host.service.app.inject({
        method: 'POST',
        url: '/connect/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
    const repeated = await send('grant_type=password&client_id=shop-client&scope=a&scope=b');
    const hostileName = await send('grant_type=password&client_id=shop-client&%00%22x%C3%A9=1&%00%22x%C3%A9=2');
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('scope'),
    });
    expect(hostileName.statusCode).toBe(400);
    expect(hostileName.json()).toEqual({ error: 'invalid_request', error_description: 'Parameter ??x? is repeated' });
  });

  it('ignores unrecognised parameters, whatever they hold (RFC 6749 §3.2)', async () => {
    const { status } = await host.token({ ...password, password: TEST_ADMIN_PASSWORD, colour: '\u0000' });
    expect(status).toBe(200);
  });

  it('documents the form with the rules that check it', async () => {
    const spec = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json();
    const body = spec.paths['/connect/token'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(body.required).toEqual(['grant_type']);
    expect(body.properties.grant_type.enum).toEqual(['password', 'refresh_token', 'client_credentials']);
    expect(body.properties.username).toMatchObject({
      type: 'string',
      maxLength: 64,
      not: { pattern: expect.any(String) },
    });
    expect(body.properties.password).toMatchObject({ format: 'password', maxLength: 128 });
  });
});
