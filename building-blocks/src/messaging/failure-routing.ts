import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ValidationError } from '../errors';
import { ATTEMPT_HEADER, attemptOf, republishOptions } from './envelope';
import { PoisonMessageError } from './errors';
import { dlqName, retryQueueName } from './topology';

export type FailureOutcome = 'retried' | 'dead-lettered';

/**
 * Sends a failed message on: to the retry queue of its next attempt (growing delays), or, after the last attempt
 * or when retrying cannot help, to `<queue>.dlq` with the last error, the attempt count and the original exchange
 * in its headers. Resolves once the broker confirmed the copy; only then may the original be acked.
 */
export async function routeFailure(
  channel: ConfirmChannel,
  message: ConsumeMessage,
  queue: string,
  retryDelaysMs: readonly number[],
  error: unknown,
): Promise<FailureOutcome> {
  const attempt = attemptOf(message);
  const headers = message.properties.headers ?? {};
  const originalExchange = String(headers['x-original-exchange'] ?? message.fields.exchange);
  const delay = retryDelaysMs[attempt - 1];
  if (delay !== undefined && isRetryable(error)) {
    await send(channel, retryQueueName(queue, delay), message, {
      [ATTEMPT_HEADER]: attempt + 1,
      'x-original-exchange': originalExchange,
      'x-last-error': describe(error),
    });
    return 'retried';
  }
  await send(channel, dlqName(queue), message, {
    [ATTEMPT_HEADER]: attempt,
    'x-attempts': attempt,
    'x-original-exchange': originalExchange,
    'x-original-queue': queue,
    'x-last-error': describe(error),
    'x-failed-at': new Date().toISOString(),
  });
  return 'dead-lettered';
}

/** Invalid input stays invalid however often it is retried. */
function isRetryable(error: unknown): boolean {
  return !(error instanceof PoisonMessageError || error instanceof ValidationError);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1_000);
}

function send(
  channel: ConfirmChannel,
  queue: string,
  message: ConsumeMessage,
  headers: Record<string, unknown>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    channel.sendToQueue(queue, message.content, republishOptions(message, headers), (error: unknown) =>
      error ? reject(error) : resolve(),
    );
  });
}
