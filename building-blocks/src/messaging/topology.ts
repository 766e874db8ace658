import type { EventDefinition } from '@shop/contracts';
import { kebabCase } from '@shop/contracts';
import type { Channel, Options } from 'amqplib';

export interface TopologyOptions {
  /** Delays before the 2nd, 3rd, ... attempt; attempts in all = delays + 1, then the DLQ. */
  retryDelaysMs: readonly number[];
  /** Declare quorum queues (replicated, for a RabbitMQ cluster) instead of classic ones (DESIGN §10). */
  quorumQueues: boolean;
}

export const defaultTopology: TopologyOptions = { retryDelaysMs: [1_000, 5_000, 30_000], quorumQueues: false };

/** `catalog` + `OrderPlaced` -> `catalog.order-placed` (DESIGN §5). */
export function queueName(service: string, event: EventDefinition<unknown>): string {
  return `${service}.${kebabCase(event.name)}`;
}

export const dlqName = (queue: string): string => `${queue}.dlq`;

/** The delay is part of the name: changing the delays declares new queues instead of clashing with the old ones. */
export const retryQueueName = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}ms`;

export async function declareExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'fanout', { durable: true });
}

/**
 * The queue of one consumer, bound to the event's exchange, with its retry path and DLQ. A retry queue holds a
 * failed message for its TTL and then dead-letters it through the default exchange straight back to the queue, so
 * a retry reaches only the consumer that failed, never the other services bound to the exchange.
 */
export async function declareConsumerTopology(
  channel: Channel,
  exchange: string,
  queue: string,
  options: TopologyOptions,
): Promise<void> {
  const type: Options.AssertQueue['arguments'] = options.quorumQueues ? { 'x-queue-type': 'quorum' } : {};
  await declareExchange(channel, exchange);
  await channel.assertQueue(queue, { durable: true, arguments: { ...type } });
  await channel.bindQueue(queue, exchange, '');
  for (const delayMs of new Set(options.retryDelaysMs)) {
    await channel.assertQueue(retryQueueName(queue, delayMs), {
      durable: true,
      arguments: {
        ...type,
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
  await channel.assertQueue(dlqName(queue), { durable: true, arguments: { ...type } });
}
