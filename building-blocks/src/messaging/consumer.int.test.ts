import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  effectHooks,
  type RecordEffectCommand,
  startMessagingTestService,
  TestHappened,
  waitUntil,
  writeEvents,
} from '../testing/messaging-harness';
import { ConsumerHost } from './consumer-host';
import { listDeadLetters, replayDeadLetters } from './dlq';
import { messagingMetrics } from './metrics';
import { dlqName, queueName } from './topology';

const queue = queueName('test', TestHappened);

describe('consumer host: inbox, retries and dead-lettering', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;
  const attempts = new Map<number, number[]>();

  beforeAll(async () => {
    database = await createTestDatabase('consumer');
    vhost = await createTestVhost('consumer');
    effectHooks.before = (command: RecordEffectCommand) => {
      attempts.set(command.n, [...(attempts.get(command.n) ?? []), performance.now()]);
    };
    // Three attempts in all: the first, then retries after 200 ms and 600 ms.
    service = await startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()], retryDelaysMs: [200, 600] },
    });
  });

  afterAll(async () => {
    effectHooks.before = undefined;
    await service?.stop();
    await vhost?.drop();
    await database?.drop();
  });

  it('handles the same messageId delivered three times once', async () => {
    // Given one message published three times with the same messageId
    const connection = await connect(vhost.url);
    const channel = await connection.createConfirmChannel();
    for (let copy = 0; copy < 3; copy++) {
      channel.publish(TestHappened.exchange, '', Buffer.from(JSON.stringify({ n: 1_000_001, poison: false })), {
        messageId: 'same-message-id',
        type: TestHappened.name,
        contentType: 'application/json',
        persistent: true,
      });
    }
    await channel.waitForConfirms();
    await connection.close();

    // When the consumer has seen all three copies
    await waitUntil('three deliveries', async () => (await metric('messaging_duplicates_skipped_total')) >= 2);

    // Then its effect happened once and the two other copies were acked as duplicates
    const rows = await service.dataSource.query('SELECT count(*)::int AS n FROM test_effects WHERE n = 1000001');
    expect(rows[0].n).toBe(1);
    expect(await metric('messaging_duplicates_skipped_total')).toBe(2);
  });

  it('tries a message that always fails exactly three times with growing delays, then dead-letters one copy, while others flow', async () => {
    // Given one poison event among 200 good ones
    const before = await countEffects(service);
    await writeEvents(service, 201, { from: 2_000_000, poison: (n) => n === 2_000_100 });

    // When the good ones are handled and the poison one reached the DLQ
    await waitUntil('200 good effects', async () => (await countEffects(service)).total >= before.total + 200);
    await waitUntil('one dead-lettered', async () => (await metric('messaging_dead_lettered_total')) >= 1);

    // Then it was tried exactly three times, each retry after a longer delay than the one before
    const tries = attempts.get(2_000_100) ?? [];
    expect(tries).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = tries;
    expect(second - first).toBeGreaterThanOrEqual(190);
    expect(third - second).toBeGreaterThanOrEqual(590);
    expect(await metric('messaging_retried_total')).toBe(2);

    // And exactly one copy sits in the DLQ, with the last error, the attempts and the original exchange
    const connection = await connect(vhost.url);
    const channel = await connection.createChannel();
    const copy = await channel.get(dlqName(queue), { noAck: false });
    const secondCopy = await channel.get(dlqName(queue), { noAck: false });
    await connection.close();
    expect(secondCopy).toBe(false);
    expect(copy).not.toBe(false);
    if (copy === false) return;
    expect(JSON.parse(copy.content.toString())).toEqual({ n: 2_000_100, poison: true });
    expect(copy.properties.headers).toMatchObject({
      'x-attempts': 3,
      'x-original-exchange': TestHappened.exchange,
      'x-original-queue': queue,
      'x-last-error': 'Error: poison message 2000100 (attempt 3)',
    });
    expect(await countEffects(service)).toEqual({ total: before.total + 200, distinct: before.distinct + 200 });
  });

  it('dead-letters an unreadable message at once, without retries', async () => {
    const deadBefore = await metric('messaging_dead_lettered_total');
    const connection = await connect(vhost.url);
    const channel = await connection.createConfirmChannel();
    channel.publish(TestHappened.exchange, '', Buffer.from('not json'), { messageId: 'unreadable', persistent: true });
    await channel.waitForConfirms();
    await connection.close();
    await waitUntil('dead-lettered', async () => (await metric('messaging_dead_lettered_total')) > deadBefore);
    expect(await metric('messaging_dead_lettered_total')).toBe(deadBefore + 1);
  });

  it('lists a dead letter with its error and replays it to its queue once the fault is fixed', async () => {
    // Given an empty DLQ, then a message that failed every attempt because of a fault in the handler
    const admin = await connect(vhost.url);
    await (await admin.createChannel()).purgeQueue(dlqName(queue));
    await admin.close();
    const deadBefore = await metric('messaging_dead_lettered_total');
    let faulty = true;
    effectHooks.before = (command: RecordEffectCommand) => {
      if (faulty && command.n === 3_000_000) throw new Error('database constraint not yet deployed');
    };
    const [messageId] = await writeEvents(service, 1, { from: 3_000_000 });
    await waitUntil('dead-lettered', async () => (await metric('messaging_dead_lettered_total')) > deadBefore);

    // When the operator lists the DLQ
    const letters = await listDeadLetters(vhost.url, queue);

    // Then it shows the message and why it failed, and listing removed nothing
    expect(letters).toEqual([
      expect.objectContaining({
        messageId,
        type: TestHappened.name,
        attempts: 3,
        lastError: 'Error: database constraint not yet deployed',
        originalExchange: TestHappened.exchange,
      }),
    ]);
    expect(await listDeadLetters(vhost.url, queue)).toHaveLength(1);

    // When the fault is fixed and the operator replays the DLQ
    faulty = false;
    expect(await replayDeadLetters(vhost.url, queue)).toBe(1);

    // Then the message is handled once and the DLQ is empty
    await waitUntil('replayed effect', async () => {
      const [row] = await service.dataSource.query('SELECT count(*)::int AS n FROM test_effects WHERE n = 3000000');
      return row.n === 1;
    });
    expect(await listDeadLetters(vhost.url, queue)).toEqual([]);
  });

  it('forgets inbox rows past the retention period, and only those', async () => {
    // Given an inbox row handled 40 days ago beside the recent ones
    await service.dataSource.query(
      `INSERT INTO messaging_inbox (message_id, consumer, handled_at) VALUES ('old', $1, now() - interval '40 days')`,
      [queue],
    );
    const [before] = await service.dataSource.query('SELECT count(*)::int AS n FROM messaging_inbox');

    // When the inbox cleanup runs with the default 30-day retention
    const host = new ConsumerHost({ ...hostOptions(), consumers: [] });
    const deleted = await host.cleanupInbox();

    // Then exactly the old row is gone
    expect(deleted).toBe(1);
    const [after] = await service.dataSource.query('SELECT count(*)::int AS n FROM messaging_inbox');
    expect(after.n).toBe(before.n - 1);
  });

  function hostOptions() {
    return {
      url: vhost.url,
      service: 'test',
      consumers: [],
      db: service.db,
      mediator: service.mediator,
      logger: service.logger,
      metrics: messagingMetrics(service.metrics, async () => 0),
      topology: { retryDelaysMs: [], quorumQueues: false },
    };
  }

  async function metric(name: string): Promise<number> {
    const values = (await service.metrics.getSingleMetric(name)?.get())?.values ?? [];
    return values.reduce((sum, value) => sum + value.value, 0);
  }
});
