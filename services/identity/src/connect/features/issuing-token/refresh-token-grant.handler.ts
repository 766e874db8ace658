import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { User } from '../../../users/user.entity';
import { ClientAuthenticator } from '../../client-authenticator';
import { type GrantResult, OAuthFailure } from '../../oauth';
import { RefreshTokens } from '../../refresh-tokens';
import { TokenIssuer } from '../../token-issuer';
import { RefreshTokenGrantCommand } from './refresh-token-grant.command';

const INVALID = 'The refresh token is invalid, expired or revoked';

@handles(RefreshTokenGrantCommand)
export class RefreshTokenGrantHandler implements RequestHandler<RefreshTokenGrantCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly clients: ClientAuthenticator,
    private readonly refreshTokens: RefreshTokens,
    private readonly issuer: TokenIssuer,
  ) {}

  /**
   * Rotation (RFC 9700 §4.14.2): the presented token is spent and a new one of the same family issued. A spent token
   * presented again means one of two holders is an attacker, so the family is revoked — and the revocation commits,
   * because the failure is returned, not thrown.
   */
  async handle(command: RefreshTokenGrantCommand): Promise<GrantResult> {
    const client = await this.clients.authenticate(command, 'refresh_token');
    if (client instanceof OAuthFailure) return client;
    // A refused scope (RFC 6749 §6: narrower only) must not spend the token, or the client loses its session.
    const live = await this.refreshTokens.findLive(command.refreshToken, client.id);
    const refused = live?.narrowScope(command.scope);
    if (refused instanceof OAuthFailure) return refused;
    const outcome = await this.refreshTokens.redeem(command.refreshToken, client.id);
    if (outcome.kind !== 'redeemed') return new OAuthFailure('invalid_grant', INVALID);
    const { token } = outcome;
    const scope = token.narrowScope(command.scope);
    if (scope instanceof OAuthFailure) return scope;
    const user = await this.db.repository(User).findOneBy({ id: token.userId });
    if (!user) return new OAuthFailure('invalid_grant', INVALID);
    return this.issuer.forUser(user, client, scope, token.familyId);
  }
}
