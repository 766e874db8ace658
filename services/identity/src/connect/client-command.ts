import { Command } from '@shop/building-blocks/mediator';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/**
 * A request a client makes with its own credentials (RFC 6749 §2.3.1): the client id always, the secret for a
 * confidential client. Public clients such as `shop-client` send no secret.
 */
export abstract class ClientCommand<TResult> extends Command<TResult> {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientId: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  clientSecret?: string;
}
