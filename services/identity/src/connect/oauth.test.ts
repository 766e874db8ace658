import { describe, expect, it } from 'vitest';
import { grantScope, type OAuthErrorCode, OAuthFailure } from './oauth';

describe('OAuthFailure (RFC 6749 §5.2)', () => {
  it('answers 401 for invalid_client, so that the client can retry with credentials', () => {
    expect(new OAuthFailure('invalid_client', 'Client authentication failed').status).toBe(401);
  });

  it.each<OAuthErrorCode>([
    'invalid_request',
    'invalid_grant',
    'unauthorized_client',
    'unsupported_grant_type',
    'invalid_scope',
    'unsupported_token_type',
  ])('answers 400 for %s', (error) => {
    expect(new OAuthFailure(error, 'refused').status).toBe(400);
  });

  it('serialises to the two members OAuth clients parse, and nothing else', () => {
    const failure = new OAuthFailure('invalid_grant', 'The refresh token is invalid, expired or revoked');
    expect(JSON.parse(JSON.stringify(failure))).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token is invalid, expired or revoked',
    });
  });
});

describe('grantScope (RFC 6749 §3.3)', () => {
  it('treats a request of only spaces as no request at all', () => {
    expect(grantScope('   ', ['openid', 'shop.api'])).toBe('openid shop.api');
  });

  it('grants nothing beyond an empty allowed set', () => {
    expect(grantScope('openid', [])).toMatchObject({ error: 'invalid_scope' });
  });

  it('matches scope tokens exactly: case and prefixes count', () => {
    const allowed = ['shop.api'];
    expect(grantScope('SHOP.API', allowed)).toMatchObject({ error: 'invalid_scope' });
    expect(grantScope('shop', allowed)).toMatchObject({ error: 'invalid_scope' });
    expect(grantScope('shop.api.admin', allowed)).toMatchObject({ error: 'invalid_scope' });
  });
});
