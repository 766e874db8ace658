import { type JobFactory, PeriodicJob } from '@shop/building-blocks/hosting';
import { OrderTokens } from '../../../tokens';
import { ForgetIdempotencyKeysCommand } from './forget-idempotency-keys.command';

const HOURLY = 3_600_000;

export const idempotencyKeysExpiryJob: JobFactory = ({ container, mediator, logger }) => {
  const ttlHours = container.resolve<number>(OrderTokens.IdempotencyTtlHours);
  return new PeriodicJob({
    name: 'idempotency-keys-expiry',
    intervalMs: HOURLY,
    logger,
    run: async () => void (await mediator.send(Object.assign(new ForgetIdempotencyKeysCommand(), { ttlHours }))),
  });
};
