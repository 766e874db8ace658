import { Command } from '@shop/building-blocks/mediator';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { GrantResult } from '../../oauth';

/** RFC 6749 §6: refreshing an access token (the refresh token rotates). */
export class RefreshTokenGrantCommand extends Command<GrantResult> {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientId: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  clientSecret?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}
