import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { inject, injectable } from '@shop/building-blocks/container';
import { DbContext } from '@shop/building-blocks/persistence';
import { IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export const RefreshTokenTtl = Symbol.for('identity.RefreshTokenTtlSeconds');

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type RedeemOutcome = { kind: 'redeemed'; token: RefreshToken } | { kind: 'reused' } | { kind: 'invalid' };

/** Refresh tokens: issued in families, rotated on every use, revoked by family (RFC 6819 §5.2.2.3, RFC 9700 §4.14). */
@injectable()
export class RefreshTokens {
  constructor(
    private readonly db: DbContext,
    @inject(RefreshTokenTtl) private readonly ttlSeconds: number,
  ) {}

  /** Issues a new token; returns the token itself, which only the client ever holds. */
  async issue(fields: { userId: string; clientId: string; scope: string; familyId?: string }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.repository(RefreshToken).insert({
      id: randomUUID(),
      familyId: fields.familyId ?? randomUUID(),
      tokenHash: hashToken(token),
      userId: fields.userId,
      clientId: fields.clientId,
      scope: fields.scope,
      expiresAt: new Date(Date.now() + this.ttlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return token;
  }

  /**
   * Spends a token. The conditional UPDATE is atomic, so two concurrent uses of one token cannot both succeed;
   * a token already spent or revoked is a reuse, and its whole family is revoked.
   */
  async redeem(token: string, clientId: string): Promise<RedeemOutcome> {
    const tokenHash = hashToken(token);
    const rows: RefreshToken[] = await this.db.manager
      .query(
        `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND client_id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, family_id AS "familyId", user_id AS "userId", client_id AS "clientId", scope`,
        [tokenHash, clientId],
      )
      .then((result: [RefreshToken[], number]) => result[0]);
    const redeemed = rows[0];
    if (redeemed) return { kind: 'redeemed', token: redeemed };
    const known = await this.db.repository(RefreshToken).findOneBy({ tokenHash, clientId });
    if (!known || known.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
    await this.revokeFamily(known.familyId);
    return { kind: 'reused' };
  }

  /** RFC 7009: revokes the token's family if the token belongs to `clientId`; unknown tokens are ignored. */
  async revoke(token: string, clientId: string): Promise<void> {
    const known = await this.db.repository(RefreshToken).findOneBy({ tokenHash: hashToken(token), clientId });
    if (known) await this.revokeFamily(known.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.repository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
