import { Command } from '@shop/building-blocks/mediator';
import { IsOptional } from 'class-validator';
import { IsClientId, IsClientSecret } from './oauth.rules';

/**
 * A request a client makes with its own credentials (RFC 6749 §2.3.1): the client id always, the secret for a
 * confidential client. Public clients such as `shop-client` send no secret.
 */
export abstract class ClientCommand<TResult> extends Command<TResult> {
  @IsClientId()
  clientId: string;

  @IsOptional()
  @IsClientSecret()
  clientSecret?: string;
}
