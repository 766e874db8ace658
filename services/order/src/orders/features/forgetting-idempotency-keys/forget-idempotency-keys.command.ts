import { Command } from '@shop/building-blocks/mediator';
import { IsInt, Min } from 'class-validator';

/** Forgets Idempotency-Keys older than `ttlHours`; resolves to how many. */
export class ForgetIdempotencyKeysCommand extends Command<number> {
  @IsInt()
  @Min(1)
  ttlHours: number;
}
