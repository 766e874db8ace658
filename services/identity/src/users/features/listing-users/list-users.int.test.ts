import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from '../../../test/identity-test-host';

describe('GET /api/v1/identity/users?search', () => {
  let host: IdentityTestHost;
  let admin: string;
  beforeAll(async () => {
    host = await startIdentityForTest();
    admin = await host.adminToken();
    // Given users whose names hold the LIKE wildcards and the escape character literally
    for (const [userName, lastName] of [
      ['tea_pot', 'Pot'],
      ['teaxpot', 'Xpot'],
      ['full', '100% Cotton'],
      ['backslash', 'C:\\Users'],
    ]) {
      const response = await host.service.app.inject({
        method: 'POST',
        url: '/api/v1/identity/users',
        payload: { firstName: 'Test', lastName, userName, email: `${userName}@example.com`, password: 'long-enough' },
      });
      if (response.statusCode !== 201) throw new Error(response.body);
    }
  });
  afterAll(() => host.stop());

  const list = (search: string) =>
    host.service.app.inject({
      method: 'GET',
      url: `/api/v1/identity/users?pageSize=100&search=${encodeURIComponent(search)}`,
      headers: { authorization: `Bearer ${admin}` },
    });
  const userNames = async (search: string) =>
    (await list(search)).json().items.map((user: { userName: string }) => user.userName);

  it.each([
    { case: '_ literally', search: 'tea_', expected: ['tea_pot'] },
    { case: '% literally', search: '100%', expected: ['full'] },
    { case: 'a backslash literally', search: 'C:\\Users', expected: ['backslash'] },
    { case: 'any case', search: 'TEAX', expected: ['teaxpot'] },
  ])('finds $case', async ({ search, expected }) => {
    expect(await userNames(search)).toEqual(expected);
  });

  it.each([
    { case: 'NUL', search: 'a\u0000' },
    { case: 'a tab', search: 'a\tb' },
    { case: 'an escape sequence', search: '\u001b[2J' },
    { case: 'a C1 control', search: '\u0085' },
    { case: '101 characters', search: 'x'.repeat(101) },
  ])('refuses $case with a 400 problem naming search', async ({ search }) => {
    const response = await list(search);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual(['search']);
  });
});
