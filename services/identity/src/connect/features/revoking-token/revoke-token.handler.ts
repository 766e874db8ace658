import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { ClientAuthenticator } from '../../client-authenticator';
import { OAuthFailure } from '../../oauth';
import { RefreshTokens } from '../../refresh-tokens';
import { RevokeTokenCommand } from './revoke-token.command';

@handles(RevokeTokenCommand)
export class RevokeTokenHandler implements RequestHandler<RevokeTokenCommand> {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  /**
   * Revokes the refresh token's whole family, so no token rotated from it works either (RFC 7009 §2.1). Access
   * tokens are short-lived JWTs verified without a call to identity; they expire on their own. A token that is
   * unknown, already revoked or another client's is answered like a success (RFC 7009 §2.2).
   */
  async handle(command: RevokeTokenCommand): Promise<OAuthFailure | null> {
    const client = await this.clients.authenticate(command);
    if (client instanceof OAuthFailure) return client;
    await this.refreshTokens.revoke(command.token, client.id);
    return null;
  }
}
