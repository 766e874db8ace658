import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { GrantResult } from '../../oauth';

/** RFC 6749 §6: refreshing an access token (the refresh token rotates). */
export class RefreshTokenGrantCommand extends ClientCommand<GrantResult> {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}
