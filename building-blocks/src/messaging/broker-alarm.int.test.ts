import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { Outbox } from './outbox';

const run = promisify(execFile);
/** Short, so that the alarm (which blocks every publisher on the broker) lasts only a few seconds. */
const confirmTimeoutMs = 1_000;
/** Long enough that a transaction held until the alarm clears would be seen well past the timeout. */
const alarmHoldMs = 3 * confirmTimeoutMs;

/**
 * RabbitMQ's memory alarm: a high watermark of 0 raises it for every connection on the broker. `raise` reads the
 * watermark that runs now as an Erlang term (`0.4`, `{absolute,1073741824}`; `rabbitmqctl environment` would show
 * the configured one instead) and has the broker itself put it back after `holdMs`, so the window stays short even
 * if this process dies; `clear` puts it back at once, whatever happened.
 */
const memoryAlarm = {
  original: undefined as string | undefined,
  async raise(holdMs: number): Promise<void> {
    const { stdout } = await run('rabbitmqctl', ['eval', 'vm_memory_monitor:get_vm_memory_high_watermark().']);
    const term = stdout.trim();
    if (!/^\{absolute,\s*("[^"]*"|\d+)\}$/.test(term) && !(Number(term) > 0)) {
      throw new Error(`the memory high watermark is ${term}: an alarm is raised already (restore it first)`);
    }
    this.original = term;
    const restoreLater = `timer:apply_after(${holdMs}, vm_memory_monitor, set_vm_memory_high_watermark, [${term}])`;
    await run('rabbitmqctl', [
      'eval',
      `ok = vm_memory_monitor:set_vm_memory_high_watermark(0), {ok, _} = ${restoreLater}.`,
    ]);
  },
  async clear(): Promise<void> {
    if (this.original === undefined) return;
    await run('rabbitmqctl', ['eval', `vm_memory_monitor:set_vm_memory_high_watermark(${this.original}).`]);
    this.original = undefined;
  },
};

describe('outbox dispatcher while the broker blocks publishers (memory alarm)', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('broker_alarm');
    vhost = await createTestVhost('broker-alarm');
    service = await startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()], outbox: { confirmTimeoutMs, pollIntervalMs: 200 } },
    });
  });

  afterAll(async () => {
    try {
      await memoryAlarm.clear();
    } finally {
      await service?.stop();
      await vhost?.drop();
      await database?.drop();
    }
  });

  it('holds no transaction past the confirm timeout, keeps writers and the pool going, loses and duplicates nothing', async ({
    annotate,
  }) => {
    // Given a service whose exchange and queue exist, four writers committing events, and a probe of its pool
    const warmUp = await writeEvents(service, 10);
    await waitUntil('warm-up effects', async () => (await countEffects(service)).total >= warmUp.length);
    const writers = startWriters(service, 4);
    const pool = startPoolProbe(service);
    await sleep(300);

    // When the broker raises a memory alarm for a few seconds, then clears it (as a publisher of its own observes)
    const canary = await connect(vhost.url);
    const channel = await canary.createChannel();
    const seen = { blockedAt: 0, unblockedAt: 0 };
    canary.on('error', () => undefined);
    canary.on('blocked', () => {
      seen.blockedAt = Date.now();
    });
    canary.on('unblocked', () => {
      seen.unblockedAt = Date.now();
    });
    try {
      await memoryAlarm.raise(alarmHoldMs);
      // A connection is blocked once it publishes during the alarm; these go nowhere (no such queue).
      await waitUntil(
        'publishers blocked',
        async () => channel.publish('', 'none', Buffer.from('')) && seen.blockedAt > 0,
      );
      await waitUntil('publishers unblocked', async () => seen.unblockedAt > 0, alarmHoldMs + 30_000);
    } finally {
      await memoryAlarm.clear();
      await canary.close();
    }
    const alarm = { from: seen.blockedAt, to: seen.unblockedAt };
    await Promise.all([writers.stop(), pool.stop()]);

    // Then the backlog drains, and every committed event has had its effect exactly once
    const written = [...warmUp, ...writers.ids];
    await waitUntil('every effect', async () => (await countEffects(service)).total >= written.length, 60_000);
    await waitUntil('outbox drained', async () => (await unsent(service)) === 0);
    expect(await countEffects(service)).toEqual({ total: written.length, distinct: written.length });
    const handled = await service.dataSource.query('SELECT message_id FROM test_effects');
    expect(handled.map((row: { message_id: string }) => row.message_id).sort()).toEqual([...written].sort());
    expect(await counterTotal(service, 'messaging_published_total')).toBe(written.length);

    // ... the dispatcher met the alarm and gave its batches up at the timeout, never holding one until the alarm ended
    const oldestTransactionMs = Math.max(...pool.samples.map((sample) => sample.oldestIdleInTransactionMs));
    expect(oldestTransactionMs).toBeLessThan(2 * confirmTimeoutMs);
    const timeouts = await counterTotal(service, 'messaging_outbox_confirm_timeouts_total');
    expect(timeouts).toBeGreaterThanOrEqual(1);

    // ... every writer kept committing during the alarm, none waiting as long as a dispatcher batch may be held
    const duringAlarm = writers.commits.filter((commit) => commit.at > alarm.from && commit.at < alarm.to);
    expect(new Set(duringAlarm.map((commit) => commit.writer)).size).toBe(4);
    const slowestCommitMs = Math.max(...duringAlarm.map((commit) => commit.ms));
    expect(slowestCommitMs).toBeLessThan(confirmTimeoutMs);

    // ... and the same pool answered all along, as quickly
    const probesDuringAlarm = pool.samples.filter((sample) => sample.at > alarm.from && sample.at < alarm.to);
    expect(probesDuringAlarm.length).toBeGreaterThan(0);
    const slowestProbeMs = Math.max(...probesDuringAlarm.map((sample) => sample.selectOneMs));
    expect(slowestProbeMs).toBeLessThan(confirmTimeoutMs);
    const duplicates = await counterTotal(service, 'messaging_duplicates_skipped_total');
    await annotate(
      `alarm ${alarm.to - alarm.from} ms; ${written.length} events, ${duringAlarm.length} writer commits during the ` +
        `alarm (slowest ${slowestCommitMs.toFixed(0)} ms); ${timeouts} confirm timeouts; oldest idle-in-transaction ` +
        `${oldestTransactionMs.toFixed(0)} ms; ${probesDuringAlarm.length} pool probes during the alarm (slowest ` +
        `SELECT 1 ${slowestProbeMs.toFixed(0)} ms); ${duplicates} redelivered copies skipped by the inbox`,
    );
  }, 120_000);
});

/** Runs `step` again and again, 20 ms apart, until the returned function is called (which awaits the last round). */
function repeat(step: () => Promise<void>): () => Promise<void> {
  let stopping = false;
  const rounds = (async () => {
    while (!stopping) {
      await step();
      await sleep(20);
    }
  })();
  return async () => {
    stopping = true;
    await rounds;
  };
}

/** Writers as a service has them: each commits five events per transaction through the outbox. */
function startWriters(service: RunningService, count: number) {
  const outbox = service.container.resolve(Outbox);
  const ids: string[] = [];
  const commits: { writer: number; at: number; ms: number }[] = [];
  const stops = Array.from({ length: count }, (_, writer) =>
    repeat(async () => {
      const started = performance.now();
      const added = await service.db.transaction(async () => {
        const events: string[] = [];
        for (let n = 0; n < 5; n++) events.push(await outbox.add(TestHappened, { n, poison: false }));
        return events;
      });
      commits.push({ writer, at: Date.now(), ms: performance.now() - started });
      ids.push(...added);
    }),
  );
  return { ids, commits, stop: () => Promise.all(stops.map((stop) => stop())) };
}

/** Asks the service's own pool for `SELECT 1`, and Postgres for the oldest transaction left idle in its database. */
function startPoolProbe(service: RunningService) {
  const samples: { at: number; selectOneMs: number; oldestIdleInTransactionMs: number }[] = [];
  const stop = repeat(async () => {
    const started = performance.now();
    await service.dataSource.query('SELECT 1');
    const selectOneMs = performance.now() - started;
    const [row] = await service.dataSource.query(
      `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)) * 1000, 0)::float8 AS oldest
         FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    samples.push({ at: Date.now(), selectOneMs, oldestIdleInTransactionMs: Number(row?.oldest ?? 0) });
  });
  return { samples, stop };
}

async function unsent(service: RunningService): Promise<number> {
  const [row] = await service.dataSource.query('SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL');
  return Number(row?.n ?? 0);
}

async function counterTotal(service: RunningService, name: string): Promise<number> {
  const metric = await service.metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
}
