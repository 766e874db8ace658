import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SIGNING_ALGORITHM } from '@shop/building-blocks/auth';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, importPKCS8, type JSONWebKeySet, type JWK } from 'jose';

export interface SigningKeys {
  /** The key new tokens are signed with; its `kid` is the RFC 7638 thumbprint of its public key. */
  readonly current: { kid: string; privateKey: CryptoKey };
  /** Public keys of the current and the previous keys: tokens signed before a rotation keep verifying. */
  readonly jwks: JSONWebKeySet;
}

export interface KeyDirectoryOptions {
  dir: string;
  published: number;
  /** Development: create a first key when the directory is empty. Production refuses to start instead. */
  generateIfMissing: boolean;
}

const KEY_FILE = /^\d{14}\.pem$/;

/** Writes a new RSA key named by its creation time, so the newest file sorts last and becomes current. */
export async function createSigningKey(dir: string, now = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const file = join(dir, `${stamp}.pem`);
  await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return file;
}

async function keyFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => KEY_FILE.test(name)).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}

async function publicJwk(pem: string): Promise<{ kid: string; jwk: JWK; privateKey: CryptoKey }> {
  const privateKey = await importPKCS8(pem, SIGNING_ALGORITHM, { extractable: true });
  const { kty, n, e } = await exportJWK(privateKey);
  const publicPart: JWK = { kty, n, e };
  const kid = await calculateJwkThumbprint(publicPart);
  return { kid, privateKey, jwk: { ...publicPart, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/** Loads the signing keys from `dir` (never from the repository); see the README's "Keys" section. */
export async function loadSigningKeys(options: KeyDirectoryOptions): Promise<SigningKeys> {
  let files = await keyFiles(options.dir);
  if (files.length === 0) {
    if (!options.generateIfMissing) {
      throw new Error(`No signing key in ${options.dir}: provision one (pnpm --filter @shop/identity keys:rotate)`);
    }
    await createSigningKey(options.dir);
    files = await keyFiles(options.dir);
  }
  const published = files.slice(-Math.max(1, options.published));
  const keys = await Promise.all(
    published.map(async (name) => publicJwk(await readFile(join(options.dir, name), 'utf8'))),
  );
  const current = keys[keys.length - 1];
  if (!current) throw new Error(`No signing key could be read from ${options.dir}`);
  return {
    current: { kid: current.kid, privateKey: current.privateKey },
    jwks: { keys: keys.map((key) => key.jwk).reverse() },
  };
}
