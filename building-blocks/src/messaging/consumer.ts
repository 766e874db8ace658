import type { EventDefinition } from '@shop/contracts';
import type { Command } from '../mediator';

/** A delivered event, as a consumer's command factory sees it. */
export interface IncomingMessage<TPayload> {
  readonly messageId: string;
  readonly type: string;
  readonly payload: TPayload;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** When the event was written (AMQP `timestamp`, whole seconds). */
  readonly timestamp?: Date;
  /** 1 on the first delivery, 2 on the first retry, ... */
  readonly attempt: number;
  readonly source?: string;
}

/**
 * A message consumer is a slice: it names the event, the consuming service (its queue is
 * `<service>.<kebab-event>`) and how a message becomes a command, which the mediator runs in the unit of work
 * together with the inbox row.
 */
export interface ConsumerDefinition<TPayload> {
  readonly event: EventDefinition<TPayload>;
  readonly service: string;
  readonly toCommand: (message: IncomingMessage<TPayload>) => Command<unknown>;
}

export function defineConsumer<TPayload>(definition: ConsumerDefinition<TPayload>): ConsumerDefinition<TPayload> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of consumers mixes payload types
export type AnyConsumer = ConsumerDefinition<any>;
