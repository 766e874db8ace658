import { randomUUID } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { grantScope, type OAuthFailure } from './oauth';

/**
 * One refresh token of a rotation family. Only the SHA-256 of the token is stored: the token itself is 256 random
 * bits, so a fast hash is enough to make a stolen table useless (unlike passwords, it cannot be guessed).
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  /** Every token rotated from one login shares the family; reuse of a spent one revokes all of it. */
  @Column({ name: 'family_id', type: 'uuid' })
  familyId: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 100 })
  clientId: string;

  @Column({ type: 'varchar', length: 500 })
  scope: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** A fresh, unspent token; a rotation passes the family of the token it replaces, a login starts a new one. */
  static issue(
    fields: { tokenHash: string; userId: string; clientId: string; scope: string; familyId?: string },
    ttlSeconds: number,
    now: Date,
  ): RefreshToken {
    return Object.assign(new RefreshToken(), {
      id: randomUUID(),
      familyId: fields.familyId ?? randomUUID(),
      tokenHash: fields.tokenHash,
      userId: fields.userId,
      clientId: fields.clientId,
      scope: fields.scope,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
  }

  /**
   * An expired token presented again proves nothing about theft (its holder may just have been away), so it is
   * refused without revoking its family; the SQL of a redemption applies the same bound (`expires_at > now()`).
   */
  isExpired(now: Date): boolean {
    return this.expiresAt.getTime() <= now.getTime();
  }

  /** RFC 6749 §6: a refresh may narrow the scope the token was issued with, never widen it. */
  narrowScope(requested: string | undefined): string | OAuthFailure {
    return grantScope(requested, this.scope.split(' '));
  }
}
