import { type Channel, connect, type GetMessage } from 'amqplib';
import { ATTEMPT_HEADER, republishOptions } from './envelope';
import { dlqName } from './topology';

export interface DeadLetter {
  messageId: string;
  type: string;
  attempts: number;
  lastError: string;
  originalExchange: string;
  failedAt: string;
  body: string;
}

/** Reads up to `limit` messages of `<queue>.dlq` without removing them (they return when the channel closes). */
export async function listDeadLetters(url: string, queue: string, limit = 100): Promise<DeadLetter[]> {
  return withChannel(url, async (channel) => {
    const letters: DeadLetter[] = [];
    for (let n = 0; n < limit; n++) {
      const message = await channel.get(dlqName(queue), { noAck: false });
      if (message === false) break;
      letters.push(describe(message));
    }
    return letters;
  });
}

/**
 * Moves the messages that are in `<queue>.dlq` now back to `<queue>`, with a fresh attempt count. Each copy is
 * confirmed by the broker before its dead letter is removed, so a crash mid-way duplicates at worst (the inbox
 * skips it) and never loses one. Messages that fail again and come back are not replayed twice in one run.
 */
export async function replayDeadLetters(url: string, queue: string): Promise<number> {
  const connection = await openQuietly(url);
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    const { messageCount } = await channel.checkQueue(dlqName(queue));
    let moved = 0;
    for (; moved < messageCount; moved++) {
      const message = await channel.get(dlqName(queue), { noAck: false });
      if (message === false) break;
      const options = republishOptions(message, { 'x-replayed-at': new Date().toISOString() });
      delete options.headers?.[ATTEMPT_HEADER];
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(queue, message.content, options, (error: unknown) => (error ? reject(error) : resolve())),
      );
      channel.ack(message);
    }
    await channel.close();
    return moved;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function withChannel<T>(url: string, work: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await openQuietly(url);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await work(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A failed operation (e.g. an unknown queue) rejects its promise; the matching 'error' event is not news. */
async function openQuietly(url: string) {
  const connection = await connect(url);
  connection.on('error', () => undefined);
  return connection;
}

function describe(message: GetMessage): DeadLetter {
  const headers = message.properties.headers ?? {};
  return {
    messageId: String(message.properties.messageId ?? ''),
    type: String(message.properties.type ?? ''),
    attempts: Number(headers['x-attempts'] ?? headers[ATTEMPT_HEADER] ?? 0),
    lastError: String(headers['x-last-error'] ?? ''),
    originalExchange: String(headers['x-original-exchange'] ?? ''),
    failedAt: String(headers['x-failed-at'] ?? ''),
    body: message.content.toString('utf8').slice(0, 2_000),
  };
}
