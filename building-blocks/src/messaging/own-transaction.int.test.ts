import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { IsInt } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineFeature, defineSlice, type RunningService, startService } from '../hosting';
import { createLogger } from '../logging';
import { CommandWithOwnTransaction, handles, type RequestHandler } from '../mediator';
import { DbContext } from '../persistence';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import { TestHappened, waitUntil } from '../testing/messaging-harness';
import { defineConsumer } from './consumer';
import { messagingFeature } from './migrations';
import { queueName } from './topology';

/** What each handling saw: its message and its transaction. */
const handlings: { n: number; transaction: string }[] = [];
let held: Promise<void> = Promise.resolve();

class RemoteLookupCommand extends CommandWithOwnTransaction {
  @IsInt() n: number;
}

@handles(RemoteLookupCommand)
export class RemoteLookupHandler implements RequestHandler<RemoteLookupCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: RemoteLookupCommand): Promise<void> {
    if (command.n === -1) await held;
    await this.db.transaction(async () => {
      const [row] = await this.db.manager.query('SELECT txid_current()::text AS transaction');
      handlings.push({ n: command.n, transaction: row.transaction });
    });
  }
}

describe('a consumer whose command opens its own transaction', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('own_transaction');
    vhost = await createTestVhost('own-transaction');
    const consumer = defineConsumer({
      event: TestHappened,
      service: 'lookups',
      toCommand: (message) => Object.assign(new RemoteLookupCommand(), { n: message.payload.n }),
    });
    const slice = defineSlice({
      name: 'looking-up',
      requests: [RemoteLookupCommand],
      handlers: [RemoteLookupHandler],
      consumers: [consumer],
    });
    service = await startService({
      name: 'lookups',
      version: '0.0.0',
      description: 'own-transaction consumer test service',
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ service: 'lookups', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      features: [messagingFeature, defineFeature({ name: 'lookups', slices: [slice] })],
      database: { url: database.url },
      messaging: { url: vhost.url },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await vhost?.drop();
    await database?.drop();
  });

  it('is never batched: each message keeps a transaction to itself', async () => {
    // Given the consumer held on a first message while five more are delivered
    let release: () => void = () => undefined;
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connection = await connect(vhost.url);
    const channel = await connection.createConfirmChannel();
    for (const n of [-1, 1, 2, 3, 4, 5]) {
      const body = Buffer.from(JSON.stringify({ n, poison: false }));
      channel.publish(TestHappened.exchange, '', body, { messageId: randomUUID(), persistent: true });
    }
    await channel.waitForConfirms();
    const queue = queueName('lookups', TestHappened);
    await waitUntil('all delivered', async () => (await channel.checkQueue(queue)).messageCount === 0);

    // When the first is let go
    release();
    await waitUntil('six handled', async () => handlings.length === 6);

    // Then the six ran in six transactions
    expect(new Set(handlings.map((handling) => handling.transaction)).size).toBe(6);
    await connection.close();
  });
});
