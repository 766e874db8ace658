import { Documented } from '@shop/building-blocks/http';
import { IsOptional } from 'class-validator';
import { IsClientId, IsClientSecret } from './oauth.rules';

/** The client-authentication parameters every form of the token and revocation endpoints carries (RFC 6749 §2.3.1). */
export abstract class ClientForm {
  /** Or in `Authorization: Basic`, with the secret. */
  @IsOptional()
  @IsClientId()
  @Documented({ example: 'shop-client' })
  client_id?: string;

  @IsOptional()
  @IsClientSecret()
  @Documented({ format: 'password' })
  client_secret?: string;
}
