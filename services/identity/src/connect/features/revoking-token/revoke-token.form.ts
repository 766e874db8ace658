import { IsIn, IsOptional } from 'class-validator';
import { ClientForm } from '../../client-form';
import { IsRevokedToken } from '../../oauth.rules';
import { TOKEN_TYPE_HINTS } from './revoke-token.command';

/** A revocation request under its RFC 7009 §2.1 parameter names: what Swagger shows and what the endpoint checks. */
export class RevokeTokenForm extends ClientForm {
  @IsRevokedToken()
  token: string;

  @IsOptional()
  @IsIn(TOKEN_TYPE_HINTS)
  token_type_hint?: string;
}
