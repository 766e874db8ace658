import { describe, expect, it } from 'vitest';
import { grantScope, OAuthFailure } from './oauth';
import { clientCredentialsOf } from './oauth-http';

const basic = (raw: string) => `Basic ${Buffer.from(raw).toString('base64')}`;

describe('clientCredentialsOf (RFC 6749 §2.3.1)', () => {
  it('reads form-url-encoded id and secret from Basic', () => {
    expect(clientCredentialsOf(basic('order-service:a%3Ab+c'), {})).toEqual({
      clientId: 'order-service',
      clientSecret: 'a:b c',
      basic: true,
    });
  });

  it('reads client_id and client_secret from the body', () => {
    expect(clientCredentialsOf(undefined, { client_id: 'shop-client' })).toEqual({
      clientId: 'shop-client',
      clientSecret: undefined,
      basic: false,
    });
  });

  it.each([
    ['no credentials at all', undefined, {}, 'invalid_client'],
    ['Basic without a colon', basic('just-an-id'), {}, 'invalid_client'],
    ['Basic with broken escapes', basic('%E0%A4%A:x'), {}, 'invalid_client'],
    ['two methods at once', basic('a:b'), { client_secret: 'b' }, 'invalid_request'],
    ['a body client_id that differs', basic('a:b'), { client_id: 'c' }, 'invalid_request'],
  ])('refuses %s', (_case, header, form, error) => {
    const result = clientCredentialsOf(header, form);
    expect(result).toBeInstanceOf(OAuthFailure);
    expect((result as OAuthFailure).error).toBe(error);
  });
});

describe('grantScope (RFC 6749 §3.3)', () => {
  const allowed = ['openid', 'profile', 'shop.api'];

  it('grants everything allowed when nothing is asked, and exactly what is asked otherwise', () => {
    expect(grantScope(undefined, allowed)).toBe('openid profile shop.api');
    expect(grantScope('shop.api  openid shop.api', allowed)).toBe('shop.api openid');
  });

  it('refuses a scope outside the allowed set and names it', () => {
    const result = grantScope('openid admin.everything', allowed);
    expect(result).toBeInstanceOf(OAuthFailure);
    expect((result as OAuthFailure).description).toContain('admin.everything');
  });
});
