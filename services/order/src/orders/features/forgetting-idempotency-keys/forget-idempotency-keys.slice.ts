import { defineSlice } from '@shop/building-blocks/hosting';
import { ForgetIdempotencyKeysCommand } from './forget-idempotency-keys.command';
import { ForgetIdempotencyKeysHandler } from './forget-idempotency-keys.handler';
import { idempotencyKeysExpiryJob } from './idempotency-keys.job';

export const forgettingIdempotencyKeys = defineSlice({
  name: 'forgetting-idempotency-keys',
  requests: [ForgetIdempotencyKeysCommand],
  handlers: [ForgetIdempotencyKeysHandler],
  jobs: [idempotencyKeysExpiryJob],
});
