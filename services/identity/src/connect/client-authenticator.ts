import { injectable } from '@shop/building-blocks/container';
import { DbContext } from '@shop/building-blocks/persistence';
import { PasswordHasher } from '../security/password-hasher';
import { Client, type GrantType } from './client.entity';
import { OAuthFailure } from './oauth';

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
}

/** RFC 6749 §2.3: authenticates the client of a token or revocation request. */
@injectable()
export class ClientAuthenticator {
  constructor(
    private readonly db: DbContext,
    private readonly hasher: PasswordHasher,
  ) {}

  async authenticate(credentials: ClientCredentials, grantType?: GrantType): Promise<Client | OAuthFailure> {
    const client = await this.db.repository(Client).findOneBy({ id: credentials.clientId });
    const refused = new OAuthFailure('invalid_client', 'Client authentication failed');
    if (!client?.enabled) return refused;
    if (client.secretHash !== null) {
      const secret = credentials.clientSecret;
      if (!secret || !(await this.hasher.verify(client.secretHash, secret))) return refused;
    } else if (credentials.clientSecret) {
      // A public client has no secret to send; an empty one (Swagger UI's Basic `shop-client:`) is the same as none.
      return refused;
    }
    if (grantType && !client.allows(grantType)) {
      return new OAuthFailure('unauthorized_client', `The client may not use the ${grantType} grant`);
    }
    return client;
  }
}
