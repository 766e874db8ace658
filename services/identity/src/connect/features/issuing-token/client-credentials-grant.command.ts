import { IsOptional } from 'class-validator';
import { ClientCommand } from '../../client-command';
import type { GrantResult } from '../../oauth';
import { IsScope } from '../../oauth.rules';

/** RFC 6749 §4.4.2: a confidential client (a service) asks for a token of its own. */
export class ClientCredentialsGrantCommand extends ClientCommand<GrantResult> {
  @IsOptional()
  @IsScope()
  scope?: string;
}
