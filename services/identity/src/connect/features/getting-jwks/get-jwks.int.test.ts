import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase } from '@shop/building-blocks/testing';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigningKey } from '../../../security/signing-keys';
import { startIdentityForTest } from '../../../test/identity-test-host';

describe('GET /.well-known/jwks.json and key rotation', () => {
  it('creates a development key on first start and publishes only its public part', async () => {
    const host = await startIdentityForTest();
    try {
      const files = await readdir(host.keysDir);
      expect(files).toHaveLength(1);
      expect((await stat(join(host.keysDir, String(files[0])))).mode & 0o077).toBe(0);
      const response = await host.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(response.statusCode).toBe(200);
      const { keys } = response.json();
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(privatePart);
    } finally {
      await host.stop();
    }
  });

  it('keeps the previous public key after a rotation, so tokens issued before it still verify', async () => {
    // Given a token signed before the rotation
    const database = await createTestDatabase('identity');
    const before = await startIdentityForTest({ database });
    const oldToken = await before.adminToken();
    await before.stop();

    // When a new key is added and identity restarts
    await createSigningKey(before.keysDir, new Date(Date.now() + 60_000));
    const after = await startIdentityForTest({ database, keysDir: before.keysDir });
    try {
      const { keys } = (await after.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const newToken = await after.adminToken();
      const newKid = decodeProtectedHeader(newToken).kid;
      const oldKid = decodeProtectedHeader(oldToken).kid;

      // Then new tokens use the new key, and both keys are published
      expect(newKid).not.toBe(oldKid);
      expect(keys.map((key: { kid: string }) => key.kid)).toEqual([newKid, oldKid]);
      expect(await after.service.verifier(oldToken)).toMatchObject({ role: 'admin' });
      const userinfo = await after.service.app.inject({
        method: 'GET',
        url: '/connect/userinfo',
        headers: { authorization: `Bearer ${oldToken}` },
      });
      expect(userinfo.statusCode).toBe(200);
    } finally {
      await after.stop();
      await database.drop();
    }
  });
});
