import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { GrantResult } from '../../oauth';

/** RFC 6749 §4.3.2: resource owner password credentials. */
export class PasswordGrantCommand extends ClientCommand<GrantResult> {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  userName: string;

  /** Not limited to the registration rules: a login with any string is answered `invalid_grant`, not 400. */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}
