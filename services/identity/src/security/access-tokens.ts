import { randomUUID } from 'node:crypto';
import { SIGNING_ALGORITHM } from '@shop/building-blocks/auth';
import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenClaims {
  sub: string;
  role?: string;
  scope: string;
  clientId: string;
}

/** Signs access tokens: RFC 9068 JWTs (`typ: at+jwt`) with `sub`, `role`, `scope`, `iss`, `aud`, `exp`, `jti`. */
export class AccessTokenSigner {
  constructor(
    private readonly keys: SigningKeys,
    readonly settings: AccessTokenSettings,
  ) {}

  sign(claims: AccessTokenClaims): Promise<string> {
    const { kid, privateKey } = this.keys.current;
    return new SignJWT({
      ...(claims.role ? { role: claims.role } : {}),
      scope: claims.scope,
      client_id: claims.clientId,
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }
}
