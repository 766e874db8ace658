import { describe, expect, it } from 'vitest';
import { Client, type GrantType } from './client.entity';

const client = (secretHash: string | null, grantTypes: GrantType[]) =>
  Object.assign(new Client(), { id: 'a-client', secretHash, grantTypes, scopes: ['shop.api'], enabled: true });

describe('Client', () => {
  it('is public without a secret hash and confidential with one (RFC 6749 §2.1)', () => {
    expect(client(null, ['password']).isPublic).toBe(true);
    expect(client('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', ['client_credentials']).isPublic).toBe(false);
  });

  it('allows exactly the grants it was registered for', () => {
    // Given the public shop client, registered for the password and refresh_token grants
    const shopClient = client(null, ['password', 'refresh_token']);
    // Then it may use those, and not client_credentials
    expect(shopClient.allows('password')).toBe(true);
    expect(shopClient.allows('refresh_token')).toBe(true);
    expect(shopClient.allows('client_credentials')).toBe(false);
  });

  it('gets no refresh tokens when not registered for the refresh_token grant', () => {
    expect(client('hash', ['client_credentials']).allows('refresh_token')).toBe(false);
  });
});
