import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from '../../../test/identity-test-host';

describe('POST /api/v1/identity/users', () => {
  let host: IdentityTestHost;
  beforeAll(async () => {
    host = await startIdentityForTest();
  });
  afterAll(() => host.stop());

  const register = (payload: object) =>
    host.service.app.inject({ method: 'POST', url: '/api/v1/identity/users', payload });
  const alice = {
    firstName: 'Alice',
    lastName: 'Liddell',
    userName: 'alice',
    email: 'alice@example.com',
    password: 'looking-glass',
  };

  it('registers a customer, stores an argon2id hash and returns no password', async () => {
    const response = await register(alice);
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toMatchObject({ userName: 'alice', email: 'alice@example.com', role: 'customer' });
    expect(Object.keys(user).sort()).toEqual(
      ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt', 'userName'].sort(),
    );
    expect(response.headers.location).toBe(`/api/v1/identity/users/${user.id}`);
    const [row] = await host.service.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('refuses a user name or email that exists in another case with 409', async () => {
    const sameName = await register({ ...alice, userName: 'ALICE', email: 'other@example.com' });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().detail).toContain('userName');
    const sameEmail = await register({ ...alice, userName: 'alice2', email: 'Alice@Example.com' });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().detail).toContain('email');
  });

  it('lets the unique indexes decide between concurrent registrations', async () => {
    const bob = { ...alice, userName: 'bob', email: 'bob@example.com' };
    const statuses = (await Promise.all([register(bob), register({ ...bob, userName: 'BOB' })])).map(
      (r) => r.statusCode,
    );
    expect(statuses.sort()).toEqual([201, 409]);
  });

  it('lists every field error and cannot be used to register an admin', async () => {
    const response = await register({ userName: 'x', email: 'not-an-email', password: 'short', role: 'admin' });
    expect(response.statusCode).toBe(400);
    const fields = new Set(response.json().errors.map((error: { field: string }) => error.field));
    expect(fields).toEqual(new Set(['firstName', 'lastName', 'userName', 'email', 'password', 'role']));
    const [{ count }] = await host.service.dataSource.query(
      "SELECT count(*)::int AS count FROM users WHERE role = 'admin'",
    );
    expect(count).toBe(1);
  });

  describe('hostile text', () => {
    const HOSTILE = [
      { name: 'NUL', value: 'a\u0000b' },
      { name: 'a lone surrogate', value: 'ab\ud800cd' },
      { name: 'an escape sequence', value: '\u001b[2Jab' },
      { name: 'a line break', value: 'ab\ncd' },
      { name: 'DEL', value: 'abcd\u007f' },
      { name: 'a C1 control', value: 'ab\u009bcd' },
    ];
    const FIELDS = ['firstName', 'lastName', 'userName', 'email', 'password'] as const;
    const cases = HOSTILE.flatMap(({ name, value }) =>
      FIELDS.map((field) => ({
        name,
        field,
        // Long enough for every length rule; the plain-text rule must be among those that refuse it.
        body: {
          ...alice,
          userName: 'hostile',
          email: 'hostile@example.com',
          [field]: field === 'email' ? `${value}@example.com` : `${value}padding`,
        },
      })),
    );
    const users = async () =>
      (await host.service.dataSource.query('SELECT count(*)::int AS count FROM users'))[0].count as number;

    it.each(cases)(
      'refuses $name in $field with a 400 problem naming it, and stores nothing',
      async ({ body, field }) => {
        const before = await users();
        const response = await register(body);
        expect(response.statusCode, response.body).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json().errors).toContainEqual(
          expect.objectContaining({ field, detail: expect.stringContaining('plain text') }),
        );
        expect(await users()).toBe(before);
      },
    );

    it('accepts names in any script and a password of any printable characters, which then logs in', async () => {
      const password = 'ça « marche » 東京 !"#$%&\'()*+,-./\\';
      const response = await register({
        firstName: 'Zoë',
        lastName: 'Ōkubo-Łukasiewicz',
        userName: 'zoe',
        email: 'zoe@example.com',
        password,
      });
      expect(response.statusCode, response.body).toBe(201);
      const login = await host.token({ grant_type: 'password', client_id: 'shop-client', username: 'zoe', password });
      expect(login.status).toBe(200);
    });
  });
});
