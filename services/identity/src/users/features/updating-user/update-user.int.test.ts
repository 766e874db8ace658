import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from '../../../test/identity-test-host';

describe('users: get, list, update, delete', () => {
  let host: IdentityTestHost;
  let admin: string;
  beforeAll(async () => {
    host = await startIdentityForTest();
    admin = await host.adminToken();
  });
  afterAll(() => host.stop());

  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
    host.service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  it('lets a customer read and update themself', async () => {
    const me = await host.customer();
    const read = await call('GET', `/api/v1/identity/users/${me.id}`, me.accessToken);
    expect(read.statusCode).toBe(200);
    expect(read.json().userName).toBe(me.userName);
    const update = await call('PUT', `/api/v1/identity/users/${me.id}`, me.accessToken, {
      firstName: 'Augusta',
      lastName: 'King',
      email: `${me.userName}@new.example.com`,
    });
    expect(update.statusCode).toBe(200);
    expect(update.json()).toMatchObject({ firstName: 'Augusta', lastName: 'King', userName: me.userName });
  });

  it("refuses to take another user's email with 409", async () => {
    const first = await host.customer();
    const second = await host.customer();
    const response = await call('PUT', `/api/v1/identity/users/${second.id}`, admin, {
      firstName: 'A',
      lastName: 'B',
      email: `${first.userName.toUpperCase()}@example.com`,
    });
    expect(response.statusCode).toBe(409);
  });

  it('pages and searches the list for an admin', async () => {
    await host.customer('searchable_one');
    await host.customer('searchable_two');
    const response = await call('GET', '/api/v1/identity/users?page=1&pageSize=1&search=SEARCHABLE', admin);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ page: 1, pageSize: 1, totalItems: 2, totalPages: 2 });
    expect(response.json().items).toHaveLength(1);
    const invalid = await call('GET', '/api/v1/identity/users?pageSize=1000&page=zero', admin);
    expect(invalid.statusCode).toBe(400);
    expect(new Set(invalid.json().errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['page', 'pageSize']),
    );
  });

  it('deletes a user (admin): 204, then 404, and their refresh tokens stop working', async () => {
    const gone = await host.customer();
    const login = await host.token({
      grant_type: 'password',
      client_id: 'shop-client',
      username: gone.userName,
      password: gone.password,
    });
    expect((await call('DELETE', `/api/v1/identity/users/${gone.id}`, admin)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/identity/users/${gone.id}`, admin)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/identity/users/${gone.id}`, admin)).statusCode).toBe(404);
    const refresh = await host.token({
      grant_type: 'refresh_token',
      client_id: 'shop-client',
      refresh_token: String(login.body.refresh_token),
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it.each([
    { field: 'firstName', value: 'Ada\u0000' },
    { field: 'lastName', value: 'Love\ud800lace' },
    { field: 'lastName', value: 'Love\nlace' },
    { field: 'email', value: 'ada\u001b@example.com' },
    { field: 'email', value: 'ada@exa\udc00mple.com' },
  ])('refuses hostile text in $field with a 400 problem naming it, and changes nothing', async ({ field, value }) => {
    const me = await host.customer();
    const before = (await call('GET', `/api/v1/identity/users/${me.id}`, me.accessToken)).json();
    const changes = { firstName: 'Ada', lastName: 'Lovelace', email: `${me.userName}@example.com`, [field]: value };
    const response = await call('PUT', `/api/v1/identity/users/${me.id}`, me.accessToken, changes);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
    expect((await call('GET', `/api/v1/identity/users/${me.id}`, me.accessToken)).json()).toEqual(before);
  });
});
