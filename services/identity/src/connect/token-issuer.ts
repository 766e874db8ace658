import { injectable } from '@shop/building-blocks/container';
import { AccessTokenSigner } from '../security/access-tokens';
import type { User } from '../users/user.entity';
import type { Client } from './client.entity';
import type { TokenResponse } from './oauth';
import { RefreshTokens } from './refresh-tokens';

/** Issues the RFC 6749 §5.1 response: an access token, and a refresh token for user grants. */
@injectable()
export class TokenIssuer {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async forUser(user: User, client: Client, scope: string, familyId?: string): Promise<TokenResponse> {
    const accessToken = await this.signer.sign({ sub: user.id, role: user.role, scope, clientId: client.id });
    const withRefresh = client.allows('refresh_token');
    const refreshToken = withRefresh
      ? await this.refreshTokens.issue({ userId: user.id, clientId: client.id, scope, familyId })
      : undefined;
    return this.response(accessToken, scope, refreshToken);
  }

  /** RFC 6749 §4.4.3: a client_credentials response should not carry a refresh token. */
  async forClient(client: Client, scope: string): Promise<TokenResponse> {
    const accessToken = await this.signer.sign({ sub: client.id, scope, clientId: client.id });
    return this.response(accessToken, scope);
  }

  private response(accessToken: string, scope: string, refreshToken?: string): TokenResponse {
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.signer.settings.ttlSeconds,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      scope,
    };
  }
}
