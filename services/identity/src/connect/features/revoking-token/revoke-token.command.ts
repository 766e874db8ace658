import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { OAuthFailure } from '../../oauth';

/** RFC 7009 §2.1: the client asks to revoke a token it holds. */
export class RevokeTokenCommand extends ClientCommand<OAuthFailure | null> {
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  token: string;

  @IsOptional()
  @IsIn(['refresh_token', 'access_token'])
  tokenTypeHint?: string;
}
