import { Command } from '@shop/building-blocks/mediator';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { OAuthFailure } from '../../oauth';

/** RFC 7009 §2.1: the client asks to revoke a token it holds. */
export class RevokeTokenCommand extends Command<OAuthFailure | null> {
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
  @MaxLength(4096)
  token: string;

  @IsOptional()
  @IsIn(['refresh_token', 'access_token'])
  tokenTypeHint?: string;
}
