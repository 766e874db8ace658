import { createHash, randomBytes } from 'node:crypto';
import { inject, injectable } from '@shop/building-blocks/container';
import { DbContext } from '@shop/building-blocks/persistence';
import { IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export const RefreshTokenTtl = Symbol.for('identity.RefreshTokenTtlSeconds');

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The columns a redemption's `RETURNING` reads back. */
type RedeemedRow = Pick<RefreshToken, 'id' | 'familyId' | 'userId' | 'clientId' | 'scope'>;

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
    await this.db
      .repository(RefreshToken)
      .insert(RefreshToken.issue({ ...fields, tokenHash: hashToken(token) }, this.ttlSeconds, new Date()));
    return token;
  }

  /** The token if it could be spent now (unused, unrevoked, unexpired, this client's); spends nothing. */
  async findLive(token: string, clientId: string): Promise<RefreshToken | null> {
    const known = await this.db.repository(RefreshToken).findOneBy({ tokenHash: hashToken(token), clientId });
    return known && !known.usedAt && !known.revokedAt && !known.isExpired(new Date()) ? known : null;
  }

  /**
   * Spends a token. The conditional UPDATE is atomic, so two concurrent uses of one token cannot both succeed;
   * a token already spent or revoked is a reuse, and its whole family is revoked.
   */
  async redeem(token: string, clientId: string): Promise<RedeemOutcome> {
    const tokenHash = hashToken(token);
    const rows: RedeemedRow[] = await this.db.manager
      .query(
        `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND client_id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, family_id AS "familyId", user_id AS "userId", client_id AS "clientId", scope`,
        [tokenHash, clientId],
      )
      .then((result: [RedeemedRow[], number]) => result[0]);
    const redeemed = rows[0];
    if (redeemed) return { kind: 'redeemed', token: Object.assign(new RefreshToken(), redeemed) };
    const known = await this.db.repository(RefreshToken).findOneBy({ tokenHash, clientId });
    if (!known || known.isExpired(new Date())) return { kind: 'invalid' };
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
