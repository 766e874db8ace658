import { Command } from '@shop/building-blocks/mediator';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { GrantResult } from '../../oauth';

/** RFC 6749 §4.4.2: a confidential client (a service) asks for a token of its own. */
export class ClientCredentialsGrantCommand extends Command<GrantResult> {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientId: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  clientSecret?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}
