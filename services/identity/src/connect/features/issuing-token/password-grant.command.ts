import { IsOptional } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { GrantResult } from '../../oauth';
import { IsLoginName, IsLoginPassword, IsScope } from '../../oauth.rules';

/** RFC 6749 §4.3.2: resource owner password credentials. */
export class PasswordGrantCommand extends ClientCommand<GrantResult> {
  @IsLoginName()
  userName: string;

  @IsLoginPassword()
  password: string;

  @IsOptional()
  @IsScope()
  scope?: string;
}
