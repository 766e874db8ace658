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
});
