import type { ConsumeMessage, Message, Options } from 'amqplib';
import type { IncomingMessage } from './consumer';
import { PoisonMessageError } from './errors';

export const ATTEMPT_HEADER = 'x-attempt';

/** Reads a delivery into an `IncomingMessage`; a message that cannot be read is poison. */
export function readMessage(message: ConsumeMessage): IncomingMessage<unknown> {
  const { properties } = message;
  const headers = properties.headers ?? {};
  if (typeof properties.messageId !== 'string' || properties.messageId === '') {
    throw new PoisonMessageError('the message has no messageId, so the inbox cannot deduplicate it');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    throw new PoisonMessageError('the message body is not JSON');
  }
  return {
    messageId: properties.messageId,
    type: String(properties.type ?? ''),
    payload,
    correlationId: stringOrUndefined(properties.correlationId),
    causationId: stringOrUndefined(headers['causation-id']),
    timestamp: typeof properties.timestamp === 'number' ? new Date(properties.timestamp * 1000) : undefined,
    attempt: attemptOf(message),
    source: stringOrUndefined(headers.source),
  };
}

export function attemptOf(message: Message): number {
  const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
  return Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
}

/** The original envelope with some headers changed: what a retry or the DLQ receives. */
export function republishOptions(message: Message, headers: Record<string, unknown>): Options.Publish {
  const { properties } = message;
  return {
    messageId: properties.messageId,
    type: properties.type,
    timestamp: properties.timestamp,
    correlationId: properties.correlationId,
    contentType: properties.contentType ?? 'application/json',
    persistent: true,
    headers: { ...withoutDeaths(properties.headers ?? {}), ...headers },
  };
}

/** RabbitMQ's `x-death` history grows with every retry round; our own attempt header says what matters. */
function withoutDeaths(headers: Record<string, unknown>): Record<string, unknown> {
  const { 'x-death': _deaths, 'x-first-death-exchange': _e, 'x-first-death-queue': _q, ...rest } = headers;
  void _deaths;
  void _e;
  void _q;
  return rest;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
