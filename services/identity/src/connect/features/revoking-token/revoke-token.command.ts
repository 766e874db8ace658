import { IsIn, IsOptional } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { OAuthFailure } from '../../oauth';
import { IsRevokedToken } from '../../oauth.rules';

export const TOKEN_TYPE_HINTS = ['refresh_token', 'access_token'] as const;

/** RFC 7009 §2.1: the client asks to revoke a token it holds. */
export class RevokeTokenCommand extends ClientCommand<OAuthFailure | null> {
  @IsRevokedToken()
  token: string;

  @IsOptional()
  @IsIn(TOKEN_TYPE_HINTS)
  tokenTypeHint?: string;
}
