import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { IdempotencyKeys } from '../../idempotency-keys';
import { ForgetIdempotencyKeysCommand } from './forget-idempotency-keys.command';

@handles(ForgetIdempotencyKeysCommand)
export class ForgetIdempotencyKeysHandler implements RequestHandler<ForgetIdempotencyKeysCommand> {
  constructor(private readonly keys: IdempotencyKeys) {}

  handle(command: ForgetIdempotencyKeysCommand): Promise<number> {
    return this.keys.forgetOlderThan(command.ttlHours);
  }
}
