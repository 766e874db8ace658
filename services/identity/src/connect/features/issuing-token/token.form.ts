import { Documented } from '@shop/building-blocks/http';
import { IsText } from '@shop/building-blocks/validation';
import { IsOptional } from 'class-validator';
import { ClientForm } from '../../client-form';
import { IsLoginName, IsLoginPassword, IsRefreshTokenValue, IsScope } from '../../oauth.rules';

export const GRANT_TYPES = ['password', 'refresh_token', 'client_credentials'] as const;

/**
 * A token request under its RFC 6749 parameter names: what Swagger shows and what the endpoint checks before anything
 * else. Which parameters a grant needs is its command's business; here each is only checked for what it may hold.
 */
export class TokenForm extends ClientForm {
  /** Any other grant type is answered `unsupported_grant_type` (RFC 6749 §5.2), so only Swagger lists them. */
  @IsText({ minLength: 1, maxLength: 100 })
  @Documented({ enum: [...GRANT_TYPES] })
  grant_type: string;

  @IsOptional()
  @IsLoginName()
  username?: string;

  @IsOptional()
  @IsLoginPassword()
  @Documented({ format: 'password' })
  password?: string;

  @IsOptional()
  @IsRefreshTokenValue()
  refresh_token?: string;

  @IsOptional()
  @IsScope()
  scope?: string;
}
