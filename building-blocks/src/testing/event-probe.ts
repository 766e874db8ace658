import { randomUUID } from 'node:crypto';
import type { EventDefinition } from '@shop/contracts';
import { connect } from 'amqplib';

export interface ReceivedEvent<TPayload> {
  payload: TPayload;
  messageId: string;
  type: string;
  correlationId?: string;
  headers: Record<string, unknown>;
}

export interface EventProbe<TPayload> {
  /** Everything received so far. */
  readonly received: ReceivedEvent<TPayload>[];
  /** Resolves with the first event (already received or still to come) that matches, or fails after `timeoutMs`. */
  waitFor(match: (event: ReceivedEvent<TPayload>) => boolean, timeoutMs?: number): Promise<ReceivedEvent<TPayload>>;
  close(): Promise<void>;
}

/**
 * Binds a temporary queue to an event's exchange, as a third party would, to see what a service publishes.
 * Bind it before the action under test: a fanout exchange drops what no queue was bound for.
 */
export async function probeEvents<TPayload>(
  url: string,
  event: EventDefinition<TPayload>,
): Promise<EventProbe<TPayload>> {
  const connection = await connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(event.exchange, 'fanout', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, event.exchange, '');
  const received: ReceivedEvent<TPayload>[] = [];
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      received.push({
        payload: JSON.parse(message.content.toString('utf8')) as TPayload,
        messageId: String(message.properties.messageId),
        type: String(message.properties.type),
        correlationId: message.properties.correlationId,
        headers: message.properties.headers ?? {},
      });
    },
    { noAck: true },
  );
  return {
    received,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No matching ${event.name} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => connection.close(),
  };
}

/**
 * Publishes one event to its exchange with the envelope of DESIGN §5, as the service named `source` would: a new
 * messageId by default (another delivery of the same fact), or the given one (a redelivery the inbox must absorb).
 * Resolves to the messageId once the broker confirmed it.
 */
export async function publishTestEvent<TPayload>(
  url: string,
  event: EventDefinition<TPayload>,
  payload: TPayload,
  options: { messageId?: string; source?: string } = {},
): Promise<string> {
  const connection = await connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(event.exchange, 'fanout', { durable: true });
    const messageId = options.messageId ?? randomUUID();
    channel.publish(event.exchange, '', Buffer.from(JSON.stringify(payload)), {
      messageId,
      type: event.name,
      timestamp: Math.floor(Date.now() / 1000),
      correlationId: messageId,
      contentType: 'application/json',
      persistent: true,
      headers: { source: options.source ?? 'test', 'event-version': event.version },
    });
    await channel.waitForConfirms();
    return messageId;
  } finally {
    await connection.close();
  }
}
