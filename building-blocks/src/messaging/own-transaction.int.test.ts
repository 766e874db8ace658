import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConsumeMessage, connect } from 'amqplib';
import { IsInt } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFeature, defineSlice, type RunningService, startService } from '../hosting';
import { createLogger } from '../logging';
import { CommandWithOwnTransaction, handles, type RequestHandler } from '../mediator';
import { DbContext } from '../persistence';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import { TestHappened, waitUntil } from '../testing/messaging-harness';
import { AckTracker } from './acks';
import { defineConsumer } from './consumer';
import { MessageProcessor } from './message-processor';
import { messagingMetrics } from './metrics';
import { messagingFeature } from './migrations';

/** The transaction each handling ran in. */
const transactions: string[] = [];

class RemoteLookupCommand extends CommandWithOwnTransaction {
  @IsInt() n: number;
}

@handles(RemoteLookupCommand)
export class RemoteLookupHandler implements RequestHandler<RemoteLookupCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(): Promise<void> {
    await this.db.transaction(async () => {
      const [row] = await this.db.manager.query('SELECT txid_current()::text AS transaction');
      transactions.push(row.transaction);
    });
  }
}

describe('a consumer whose command opens its own transaction', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;
  let broker: ChannelModel;

  beforeAll(async () => {
    database = await createTestDatabase('own_transaction');
    vhost = await createTestVhost('own-transaction');
    service = await startService({
      name: 'lookups',
      version: '0.0.0',
      description: 'own-transaction consumer test service',
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ service: 'lookups', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      features: [
        messagingFeature,
        defineFeature({
          name: 'lookups',
          slices: [
            defineSlice({ name: 'looking-up', requests: [RemoteLookupCommand], handlers: [RemoteLookupHandler] }),
          ],
        }),
      ],
      database: { url: database.url },
    });
    broker = await connect(vhost.url);
  });

  afterAll(async () => {
    await broker?.close();
    await service?.stop();
    await vhost?.drop();
    await database?.drop();
  });

  it('is never batched: handed five messages at once, it runs five transactions and acks all five', async () => {
    // Given five messages delivered to one channel, and the processor of a consumer whose command is such a command
    const queue = 'lookups.remote-lookup';
    const channel = await broker.createConfirmChannel();
    await channel.assertQueue(queue);
    for (let n = 1; n <= 5; n++) {
      const body = Buffer.from(JSON.stringify({ n, poison: false }));
      channel.sendToQueue(queue, body, { messageId: randomUUID(), persistent: true });
    }
    await channel.waitForConfirms();
    const acks = new AckTracker(channel);
    const delivered: ConsumeMessage[] = [];
    await channel.consume(queue, (message) => {
      if (message) acks.delivered(message);
      if (message) delivered.push(message);
    });
    await waitUntil('five delivered', async () => delivered.length === 5);
    const processor = new MessageProcessor({
      queue,
      consumer: defineConsumer({
        event: TestHappened,
        service: 'lookups',
        toCommand: (message) => Object.assign(new RemoteLookupCommand(), { n: message.payload.n }),
      }),
      channel,
      acks,
      db: service.db,
      mediator: service.mediator,
      logger: service.logger,
      metrics: messagingMetrics(service.metrics, async () => 0),
      retryDelaysMs: [],
    });

    // When the five are handed to it together
    await processor.handle(delivered, () => undefined);

    // Then each ran in a transaction of its own, and all five were acked
    expect(new Set(transactions).size).toBe(5);
    await channel.close();
    const check = await broker.createChannel();
    expect((await check.checkQueue(queue)).messageCount).toBe(0);
  });
});
