import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';

export interface TestTokenClaims {
  sub: string;
  role?: 'admin' | 'customer';
  scope?: string;
  client_id?: string;
}

export interface SignOptions {
  /** Seconds from now; negative for an already expired token. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
}

/** A local stand-in for identity's JWKS: real RS256 keys served over HTTP, for services' tests. */
export interface TestTokenIssuer {
  readonly url: string;
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** The current public key as SPKI PEM (what an HS256 confusion attack would use as its secret). */
  publicKeyPem(): Promise<string>;
  sign(claims: TestTokenClaims, options?: SignOptions): Promise<string>;
  /** A token signed by a key that is not in the JWKS: a wrong signature with a plausible `kid`. */
  signWithForeignKey(claims: TestTokenClaims): Promise<string>;
  adminToken(sub?: string): Promise<string>;
  customerToken(sub?: string): Promise<string>;
  /** Publishes a new key and signs with it from now on (the previous public key stays published). */
  rotate(): Promise<void>;
  /** How many times the JWKS was fetched. */
  readonly fetches: number;
  stop(): Promise<void>;
}

interface KeyEntry {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<KeyEntry> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

export async function startTestTokenIssuer(audience = 'shop-api'): Promise<TestTokenIssuer> {
  const keys: KeyEntry[] = [await newKey()];
  let fetches = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: keys.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const current = () => keys[keys.length - 1] as KeyEntry;

  const signWith = (key: KeyEntry, claims: TestTokenClaims, options: SignOptions = {}) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer ?? url)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 300))
      .setJti(randomUUID())
      .sign(key.privateKey);

  const issuer: TestTokenIssuer = {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    issuer: url,
    audience,
    publicKeyPem: () => exportSPKI(current().publicKey),
    sign: (claims, options) => signWith(current(), claims, options),
    signWithForeignKey: async (claims) => {
      const foreign = await newKey();
      return signWith({ ...foreign, kid: current().kid }, claims);
    },
    adminToken: (sub = randomUUID()) => signWith(current(), { sub, role: 'admin', scope: 'shop.api' }),
    customerToken: (sub = randomUUID()) => signWith(current(), { sub, role: 'customer', scope: 'shop.api' }),
    rotate: async () => void keys.push(await newKey()),
    get fetches() {
      return fetches;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return issuer;
}
