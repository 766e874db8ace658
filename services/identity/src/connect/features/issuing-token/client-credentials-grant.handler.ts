import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { ClientAuthenticator } from '../../client-authenticator';
import { type GrantResult, grantScope, OAuthFailure } from '../../oauth';
import { TokenIssuer } from '../../token-issuer';
import { ClientCredentialsGrantCommand } from './client-credentials-grant.command';

@handles(ClientCredentialsGrantCommand)
export class ClientCredentialsGrantHandler implements RequestHandler<ClientCredentialsGrantCommand> {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly issuer: TokenIssuer,
  ) {}

  async handle(command: ClientCredentialsGrantCommand): Promise<GrantResult> {
    const client = await this.clients.authenticate(command, 'client_credentials');
    if (client instanceof OAuthFailure) return client;
    // RFC 6749 §4.4: only a confidential client can prove who it is without a user.
    if (client.isPublic) {
      return new OAuthFailure('unauthorized_client', 'A public client cannot use client_credentials');
    }
    const scope = grantScope(command.scope, client.scopes);
    if (scope instanceof OAuthFailure) return scope;
    return this.issuer.forClient(client, scope);
  }
}
