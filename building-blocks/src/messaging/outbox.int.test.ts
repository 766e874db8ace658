import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  startMessagingTestService,
  TestHappened,
  waitUntil,
  writeEvents,
} from '../testing/messaging-harness';
import { OutboxOutsideTransactionError } from './errors';
import { messagingMetrics } from './metrics';
import { Outbox } from './outbox';
import { OutboxDispatcher } from './outbox-dispatcher';

describe('transactional outbox', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  const services: RunningService[] = [];

  async function start(options: { consumers?: boolean; name?: string; batchSize?: number } = {}) {
    database ??= await createTestDatabase('outbox');
    vhost ??= await createTestVhost('outbox');
    const service = await startMessagingTestService({
      databaseUrl: database.url,
      name: options.name,
      messaging: {
        url: vhost.url,
        consumers: options.consumers === false ? [] : [effectConsumer()],
        // Polling is slow here on purpose, so a fast run proves LISTEN/NOTIFY woke the dispatcher.
        outbox: { pollIntervalMs: 60_000, batchSize: options.batchSize },
      },
    });
    services.push(service);
    return service;
  }

  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
    await vhost?.drop();
    await database?.drop();
    vhost = undefined as unknown as TestVhost;
    database = undefined as unknown as TestDatabase;
  });

  it('delivers 10,000 events written through the outbox, each handled exactly once', async () => {
    // Given a service with a consumer
    const service = await start();

    // When 10,000 events are committed through the outbox
    const ids = await writeEvents(service, 10_000);

    // Then each has exactly one effect, and the outbox has nothing left to send
    await waitUntil('10,000 effects', async () => (await countEffects(service)).total >= 10_000, 120_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(await countEffects(service)).toEqual({ total: 10_000, distinct: 10_000 });
    const [unsent] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL',
    );
    expect(unsent.n).toBe(0);
    const metrics = await service.metrics.getSingleMetricAsString('messaging_consumed_total');
    expect(metrics).toContain('messaging_consumed_total{queue="test.messaging-test-happened",service="test"} 10000');
  }, 180_000);

  it('publishes exactly the three committed of four transactions committed in reverse order with one rolled back', async () => {
    // Given four open transactions that have each added an event
    const service = await start();
    const outbox = service.container.resolve(Outbox);
    const gates = [0, 1, 2, 3].map(() => deferred());
    const written = [0, 1, 2, 3].map(() => deferred());
    const transactions = [0, 1, 2, 3].map((n) =>
      service.db
        .transaction(async () => {
          await outbox.add(TestHappened, { n, poison: false });
          written[n]?.resolve();
          await gates[n]?.promise;
          if (n === 2) throw new Error('rolled back on purpose');
        })
        .catch(() => undefined),
    );
    await Promise.all(written.map((w) => w.promise));

    // When they finish in reverse order (3 commits, 2 rolls back, 1 and 0 commit)
    for (const n of [3, 2, 1, 0]) {
      gates[n]?.resolve();
      await transactions[n];
    }

    // Then exactly the three committed events are sent and handled; the rolled-back one never existed
    await waitUntil('three effects', async () => (await countEffects(service)).total >= 3);
    const sent = await service.dataSource.query('SELECT payload FROM messaging_outbox WHERE sent_at IS NOT NULL');
    expect(sent.map((row: { payload: { n: number } }) => row.payload.n).sort()).toEqual([0, 1, 3]);
    const [all] = await service.dataSource.query('SELECT count(*)::int AS n FROM messaging_outbox');
    expect(all.n).toBe(3);
    const rows = await service.dataSource.query('SELECT n FROM test_effects ORDER BY n');
    expect(rows.map((row: { n: number }) => row.n)).toEqual([0, 1, 3]);
  });

  it('shares the work between two dispatchers and two consumers: each event published once and handled once', async () => {
    // Given two instances of the same service (same database, same broker)
    const first = await start({ name: 'test', batchSize: 50 });
    const second = await start({ name: 'test', batchSize: 50 });

    // When both write events at the same time
    await Promise.all([writeEvents(first, 2_000, { from: 0 }), writeEvents(second, 2_000, { from: 2_000 })]);

    // Then every event is handled once, both dispatchers published, and together exactly once per event
    await waitUntil('4,000 effects', async () => (await countEffects(first)).total >= 4_000, 60_000);
    expect(await countEffects(first)).toEqual({ total: 4_000, distinct: 4_000 });
    const published = await Promise.all([first, second].map((s) => counterTotal(s, 'messaging_published_total')));
    expect(published[0] + published[1]).toBe(4_000);
    const duplicates = await Promise.all(
      [first, second].map((s) => counterTotal(s, 'messaging_duplicates_skipped_total')),
    );
    expect(duplicates).toEqual([0, 0]);
    const consumed = await Promise.all([first, second].map((s) => counterTotal(s, 'messaging_consumed_total')));
    expect(consumed[0] + consumed[1]).toBe(4_000);
    expect(Math.min(...consumed)).toBeGreaterThan(0);
  }, 180_000);

  it('deletes sent rows past the retention period and keeps the others', async () => {
    // Given 30 sent events, 10 of them sent two days ago, and 5 events not sent yet
    const service = await start({ consumers: false });
    await writeEvents(service, 30);
    await waitUntil('all sent', async () => {
      const [row] = await service.dataSource.query(
        'SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL',
      );
      return row.n === 0;
    });
    await service.dataSource.query(
      `UPDATE messaging_outbox SET sent_at = now() - interval '2 days'
        WHERE message_id IN (SELECT message_id FROM messaging_outbox ORDER BY position LIMIT 10)`,
    );
    await service.dataSource.query(
      `INSERT INTO messaging_outbox (message_id, exchange, type, version, payload, headers, occurred_at)
       SELECT gen_random_uuid(), 'shop.unsent', 'Unsent', 1, '{}', '{}', now() - interval '3 days'
       FROM generate_series(1, 5)`,
    );

    // When the cleanup runs with a one-day retention
    const dispatcher = new OutboxDispatcher({
      url: vhost.url,
      databaseUrl: database.url,
      service: 'test',
      db: service.db,
      logger: service.logger,
      metrics: messagingMetrics(service.metrics, async () => 0),
      retentionMs: 24 * 3_600_000,
    });
    const deleted = await dispatcher.cleanup();

    // Then the ten old sent rows are gone; recent sent rows and every unsent row stay
    expect(deleted).toBe(10);
    const [left] = await service.dataSource.query(
      'SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent FROM messaging_outbox',
    );
    expect(left).toEqual({ unsent: 5, sent: 20 });
  });

  it('refuses an event added outside a transaction, writing nothing', async () => {
    const service = await start({ consumers: false });
    const outbox = service.container.resolve(Outbox);
    await expect(outbox.add(TestHappened, { n: 1, poison: false })).rejects.toBeInstanceOf(
      OutboxOutsideTransactionError,
    );
    const [row] = await service.dataSource.query('SELECT count(*)::int AS n FROM messaging_outbox');
    expect(row.n).toBe(0);
  });
});

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function counterTotal(service: RunningService, name: string): Promise<number> {
  const metric = await service.metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
}
