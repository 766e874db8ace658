import { describe, expect, it } from 'vitest';
import { OAuthFailure } from './oauth';
import { RefreshToken } from './refresh-token.entity';

const THIRTY_DAYS = 30 * 24 * 3600;
const issuedAt = new Date('2025-03-01T12:00:00.000Z');
const login = {
  tokenHash: 'a'.repeat(64),
  userId: 'user-1',
  clientId: 'shop-client',
  scope: 'openid profile shop.api',
};

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe('RefreshToken.issue', () => {
  it('issues an unspent, unrevoked token that lives for the TTL from now', () => {
    // Given a login at noon, When its refresh token is issued with a 30-day TTL
    const token = RefreshToken.issue(login, THIRTY_DAYS, issuedAt);
    // Then it expires 30 days later and has been neither used nor revoked
    expect(token).toMatchObject({ ...login, usedAt: null, revokedAt: null });
    expect(token.expiresAt.toISOString()).toBe('2025-03-31T12:00:00.000Z');
  });

  it('starts a new family for a login, and every login its own', () => {
    const first = RefreshToken.issue(login, THIRTY_DAYS, issuedAt);
    const second = RefreshToken.issue(login, THIRTY_DAYS, issuedAt);
    expect(first.familyId).not.toBe(second.familyId);
    expect(first.id).not.toBe(first.familyId);
  });

  it('keeps the family of the token it replaces on rotation, under a new id', () => {
    // Given a token of a login
    const spent = RefreshToken.issue(login, THIRTY_DAYS, issuedAt);
    // When it is rotated a day later
    const next = RefreshToken.issue({ ...login, familyId: spent.familyId }, THIRTY_DAYS, at(issuedAt, 86_400));
    // Then the new token is of the same family (a reuse of either revokes both) and lives 30 days from the rotation
    expect(next.familyId).toBe(spent.familyId);
    expect(next.id).not.toBe(spent.id);
    expect(next.expiresAt.toISOString()).toBe('2025-04-01T12:00:00.000Z');
  });
});

describe('RefreshToken.isExpired', () => {
  const token = RefreshToken.issue(login, 60, issuedAt);

  it('is live until the last millisecond before its expiry', () => {
    expect(token.isExpired(issuedAt)).toBe(false);
    expect(token.isExpired(new Date(token.expiresAt.getTime() - 1))).toBe(false);
  });

  it('is expired from its expiry instant on, like `expires_at > now()` in the redemption', () => {
    expect(token.isExpired(token.expiresAt)).toBe(true);
    expect(token.isExpired(at(issuedAt, 3600))).toBe(true);
  });
});

describe('RefreshToken.narrowScope (RFC 6749 §6)', () => {
  const token = RefreshToken.issue(login, THIRTY_DAYS, issuedAt);

  it('keeps the whole issued scope when none is asked for', () => {
    expect(token.narrowScope(undefined)).toBe('openid profile shop.api');
    expect(token.narrowScope('  ')).toBe('openid profile shop.api');
  });

  it('narrows to what is asked for, within the issued scope', () => {
    expect(token.narrowScope('shop.api')).toBe('shop.api');
    expect(token.narrowScope('profile openid')).toBe('profile openid');
  });

  it('refuses to widen the issued scope, naming what was not granted', () => {
    // Given a token issued for openid, profile and shop.api
    // When a refresh asks for more
    const result = token.narrowScope('shop.api identity.users.read');
    // Then it is invalid_scope (400), naming the extra scope only
    expect(result).toBeInstanceOf(OAuthFailure);
    expect(result).toMatchObject({ error: 'invalid_scope', status: 400 });
    expect((result as OAuthFailure).description).toMatch(/: identity\.users\.read$/);
  });

  it('cannot win back a scope dropped by an earlier narrowing', () => {
    const narrowed = RefreshToken.issue({ ...login, scope: 'shop.api' }, THIRTY_DAYS, issuedAt);
    expect(narrowed.narrowScope('openid shop.api')).toMatchObject({ error: 'invalid_scope' });
  });
});
