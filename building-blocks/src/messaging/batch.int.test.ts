import { randomUUID } from 'node:crypto';
import { type ConfirmChannel, connect } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  effectConsumer,
  effectHooks,
  type RecordEffectCommand,
  startMessagingTestService,
  TestHappened,
  waitUntil,
} from '../testing/messaging-harness';
import { MAX_ALONE } from './delivery-batcher';
import { dlqName, queueName } from './topology';

const queue = queueName('test', TestHappened);

/** One run of the effect handler: which message, which attempt, and in which transaction. */
interface Handling {
  n: number;
  attempt: number;
  transaction: string;
}

describe('batched consumer: one transaction per batch, a savepoint per message', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;
  let publisher: { channel: ConfirmChannel; close(): Promise<void> };
  let handlings: Handling[];
  /** Holds the handlers of the messages numbered below 0 until the test lets them go, so that what comes next piles up. */
  let releaseBlockers: () => void;

  beforeAll(async () => {
    database = await createTestDatabase('batch');
    vhost = await createTestVhost('batch');
    const connection = await connect(vhost.url);
    publisher = { channel: await connection.createConfirmChannel(), close: () => connection.close() };
  });

  afterAll(async () => {
    effectHooks.before = undefined;
    await publisher?.close();
    await vhost?.drop();
    await database?.drop();
  });

  afterEach(() => {
    effectHooks.before = undefined;
  });

  /** Starts the service (three attempts: the first, then retries after 100 and 300 ms) and records each handling. */
  async function start(): Promise<void> {
    handlings = [];
    const blocked = new Promise<void>((resolve) => {
      releaseBlockers = resolve;
    });
    effectHooks.before = async (command: RecordEffectCommand) => {
      const [row] = await service.db.manager.query('SELECT txid_current()::text AS transaction');
      handlings.push({ n: command.n, attempt: command.attempt, transaction: row.transaction });
      if (command.n < 0) await blocked;
    };
    service = await startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()] },
    });
  }

  async function publish(n: number, options: { poison?: boolean; messageId?: string } = {}): Promise<void> {
    const body = Buffer.from(JSON.stringify({ n, poison: options.poison ?? false }));
    publisher.channel.publish(TestHappened.exchange, '', body, {
      messageId: options.messageId ?? randomUUID(),
      type: TestHappened.name,
      contentType: 'application/json',
      persistent: true,
    });
    await publisher.channel.waitForConfirms();
  }

  /**
   * Holds the consumer on as many messages as it handles alone at once, publishes `batch`, waits until the broker has
   * handed all of it to the consumer, then lets the held ones go: what waited is the next batch.
   */
  async function deliverAsOneBatch(batch: () => Promise<void>): Promise<void> {
    for (let n = -1; n >= -MAX_ALONE; n--) {
      await publish(n);
      await waitUntil('the message held', async () => handlings.some((handling) => handling.n === n));
    }
    await batch();
    await waitUntil('all delivered', async () => (await publisher.channel.checkQueue(queue)).messageCount === 0);
    releaseBlockers();
  }

  async function effects(from: number, to: number): Promise<{ total: number; distinct: number }> {
    const [row] = await service.dataSource.query(
      'SELECT count(*)::int AS total, count(DISTINCT n)::int AS distinct FROM test_effects WHERE n BETWEEN $1 AND $2',
      [from, to],
    );
    return row;
  }

  async function metric(name: string): Promise<number> {
    const values = (await service.metrics.getSingleMetric(name)?.get())?.values ?? [];
    return values.reduce((sum, value) => sum + value.value, 0);
  }

  /** Stops the service, then reads what is left in the queue: a delivery it had not acked would be back there. */
  async function stopAndCountQueued(): Promise<number> {
    await service.stop();
    return (await publisher.channel.checkQueue(queue)).messageCount;
  }

  const transactionsOf = (n: number, attempt?: number) =>
    handlings
      .filter((handling) => handling.n === n && (attempt === undefined || handling.attempt === attempt))
      .map((handling) => handling.transaction);
  const sharing = (transaction: string) => handlings.filter((handling) => handling.transaction === transaction);

  it('commits and acks the others when a message in the middle fails; the failed one is retried alone, then dead-lettered', async () => {
    // Given a running consumer
    await start();

    // When 20 messages arrive together, the 10th of them failing at every attempt
    await deliverAsOneBatch(async () => {
      for (let n = 101; n <= 120; n++) await publish(n, { poison: n === 110 });
    });
    await waitUntil('one dead-lettered', async () => (await metric('messaging_dead_lettered_total')) === 1);

    // Then the 20 were first handled in one transaction together
    const [batch = ''] = transactionsOf(101, 1);
    expect(sharing(batch).map((handling) => handling.n)).toEqual(Array.from({ length: 20 }, (_, i) => 101 + i));
    // And the 19 others committed once each, the failed one not at all
    expect(await effects(101, 120)).toEqual({ total: 19, distinct: 19 });
    expect(await effects(110, 110)).toEqual({ total: 0, distinct: 0 });
    expect(await metric('messaging_consumed_total')).toBe(MAX_ALONE + 19);
    // And the failed one came back twice more, each time in a transaction of its own, then went to the DLQ
    const retries = [...transactionsOf(110, 2), ...transactionsOf(110, 3)];
    expect(retries).toHaveLength(2);
    for (const transaction of retries) expect(sharing(transaction)).toHaveLength(1);
    expect(await metric('messaging_retried_total')).toBe(2);
    const dead = await publisher.channel.get(dlqName(queue), { noAck: true });
    expect(dead && JSON.parse(dead.content.toString())).toEqual({ n: 110, poison: true });
    // And every delivery was acked: nothing is back in the queue once the consumer is gone
    expect(await stopAndCountQueued()).toBe(0);
  });

  it('handles a message delivered twice within one batch once, and acks both copies', async () => {
    await start();
    const duplicatesBefore = await metric('messaging_duplicates_skipped_total');

    // When five messages arrive together, one of them twice with the same messageId
    const twice = randomUUID();
    await deliverAsOneBatch(async () => {
      for (let n = 201; n <= 205; n++) await publish(n, n === 203 ? { messageId: twice } : {});
      await publish(203, { messageId: twice });
    });
    await waitUntil('the duplicate skipped', async () => (await metric('messaging_duplicates_skipped_total')) > 0);

    // Then the six deliveries were one batch, the copy was skipped by the inbox, and each message has one effect
    const [batch = ''] = transactionsOf(201, 1);
    expect(sharing(batch).map((handling) => handling.n)).toEqual([201, 202, 203, 204, 205]);
    await waitUntil('five effects', async () => (await effects(201, 205)).total === 5);
    expect(await effects(201, 205)).toEqual({ total: 5, distinct: 5 });
    expect((await metric('messaging_duplicates_skipped_total')) - duplicatesBefore).toBe(1);
    expect(await stopAndCountQueued()).toBe(0);
  });

  it('gives a message that lost a deadlock back to the queue, to be handled alone, without counting an attempt', async () => {
    await start();
    // Given a handler whose first run for message 405 fails as the loser of a deadlock does (SQLSTATE 40P01)
    let lost = false;
    const record = effectHooks.before;
    effectHooks.before = async (command: RecordEffectCommand) => {
      await record?.(command);
      if (command.n !== 405 || lost) return;
      lost = true;
      await service.db.manager.query(
        `DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40P01', MESSAGE = 'deadlock detected'; END $$`,
      );
    };

    // When ten messages arrive together, 405 among them
    await deliverAsOneBatch(async () => {
      for (let n = 401; n <= 410; n++) await publish(n);
    });
    await waitUntil('ten effects', async () => (await effects(401, 410)).total >= 10);

    // Then the other nine committed in the batch, and 405 came back as the same attempt and was handled alone
    const [batch = ''] = transactionsOf(401, 1);
    expect(sharing(batch)).toHaveLength(10);
    const [first, again, ...more] = transactionsOf(405, 1);
    expect([first, more]).toEqual([batch, []]);
    expect(sharing(again ?? '')).toHaveLength(1);
    expect(await effects(401, 410)).toEqual({ total: 10, distinct: 10 });
    expect(await metric('messaging_retried_total')).toBe(0);
    expect(await stopAndCountQueued()).toBe(0);
  });

  it('acks nothing of a batch whose commit fails: every message comes back, is handled alone, and has one effect', async () => {
    await start();
    // Given a database that refuses the first commit holding an effect of message 310 (a deferred constraint)
    await service.dataSource.query(`
      CREATE SEQUENCE refused_commits;
      CREATE FUNCTION refuse_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.n = 310 AND nextval('refused_commits') = 1 THEN RAISE EXCEPTION 'commit refused'; END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER refuse_first_commit AFTER INSERT ON test_effects
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_first_commit();`);
    const retriedBefore = await metric('messaging_retried_total');

    // When 20 messages arrive together, 310 among them
    await deliverAsOneBatch(async () => {
      for (let n = 301; n <= 320; n++) await publish(n);
    });
    await waitUntil('20 effects', async () => (await effects(301, 320)).total >= 20);

    // Then the batch was handled in one transaction, whose commit failed
    const [batch = ''] = transactionsOf(301, 1);
    expect(sharing(batch)).toHaveLength(20);
    const [refused] = await service.dataSource.query('SELECT last_value::int AS n FROM refused_commits');
    expect(refused.n).toBeGreaterThanOrEqual(1);
    // And every message came back from the queue (the same attempt: redelivered, not retried) and was handled again,
    // in a transaction of its own, exactly once in effect
    for (let n = 301; n <= 320; n++) {
      const [first, again, ...more] = transactionsOf(n, 1);
      expect([first, more]).toEqual([batch, []]);
      expect(sharing(again ?? '')).toHaveLength(1);
    }
    expect(await effects(301, 320)).toEqual({ total: 20, distinct: 20 });
    expect(await metric('messaging_retried_total')).toBe(retriedBefore);
    expect(await stopAndCountQueued()).toBe(0);
  });
});
