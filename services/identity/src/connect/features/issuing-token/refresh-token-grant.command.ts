import { IsOptional } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { GrantResult } from '../../oauth';
import { IsRefreshTokenValue, IsScope } from '../../oauth.rules';

/** RFC 6749 §6: refreshing an access token (the refresh token rotates). */
export class RefreshTokenGrantCommand extends ClientCommand<GrantResult> {
  @IsRefreshTokenValue()
  refreshToken: string;

  @IsOptional()
  @IsScope()
  scope?: string;
}
