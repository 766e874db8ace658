import { randomBytes } from 'node:crypto';
import { defineFeature, defineSlice, type RunningService, startService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { Command, handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { defineConsumer, messagingFeature, Outbox, queueName } from '@shop/building-blocks/messaging';
import { DbContext, dropDatabase } from '@shop/building-blocks/persistence';
import { defineEvent, objectSchema } from '@shop/contracts';
import { connect } from 'amqplib';
import { IsInt, IsString } from 'class-validator';
import type { BenchRow } from '../types.js';

// The event pipeline end to end: a transaction writes an event through the outbox, the dispatcher (woken by
// LISTEN/NOTIFY) publishes it with confirms, the consumer handles it with the inbox in one transaction and acks.
// Beside it, in the same run on the same broker, raw amqplib: confirm-publish -> consume -> ack, no database.
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const WRITERS = Number(process.env.BENCH_EVENT_WRITERS ?? 8);
const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_EVENT_RATE_SECONDS ?? 5);
const SCENARIO = 'event pipeline';
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const amqpUrl = process.env.BENCH_RABBITMQ_URL ?? process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

// Unique names in the default vhost, removed at the end, so the run never meets other queues.
const suffix = randomBytes(4).toString('hex');
const BenchHappened = defineEvent<{ n: number }>(`BenchHappened${suffix}`, 1, objectSchema({ n: { type: 'integer' } }));
const service = `bench${suffix}`;

class RecordBenchEffect extends Command {
  @IsString() messageId: string;
  @IsInt() n: number;
}

@handles(RecordBenchEffect)
export class RecordBenchEffectHandler implements RequestHandler<RecordBenchEffect> {
  constructor(private readonly db: DbContext) {}

  async handle(command: RecordBenchEffect): Promise<void> {
    await this.db.manager.query('INSERT INTO bench_effects (message_id, n) VALUES ($1, $2)', [
      command.messageId,
      command.n,
    ]);
  }
}

/** A TypeORM migration (structurally typed: the bench does not depend on typeorm itself). */
class CreateBenchEffects1763800000002 {
  name = 'CreateBenchEffects1763800000002';
  async up(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await runner.query(
      'CREATE TABLE bench_effects (message_id text PRIMARY KEY, n integer NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
  }
  async down(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await runner.query('DROP TABLE bench_effects');
  }
}

function startPipeline(databaseUrl: string): Promise<RunningService> {
  const consumer = defineConsumer({
    event: BenchHappened,
    service,
    toCommand: (message) =>
      Object.assign(new RecordBenchEffect(), { messageId: message.messageId, n: message.payload.n }),
  });
  const effects = defineFeature({
    name: 'bench-effects',
    migrations: [CreateBenchEffects1763800000002],
    slices: [
      defineSlice({
        name: 'recording-effects',
        requests: [RecordBenchEffect],
        handlers: [RecordBenchEffectHandler],
        consumers: [consumer],
      }),
    ],
  });
  return startService({
    name: service,
    version: '0.0.0',
    description: 'event pipeline benchmark',
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ service, level: 'warn' }),
    features: [messagingFeature, effects],
    database: { url: databaseUrl },
    messaging: { url: amqpUrl },
  });
}

async function handledCount(pipeline: RunningService): Promise<number> {
  const [row] = await pipeline.dataSource.query('SELECT count(*)::int AS n FROM bench_effects');
  return row.n;
}

async function waitForHandled(pipeline: RunningService, count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await handledCount(pipeline)) < count) {
    if (Date.now() > deadline) throw new Error(`only ${await handledCount(pipeline)} of ${count} events handled`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Events/s from the first commit to the last handled (inbox + effect committed, message acked). Several writers
 * commit at once, as concurrent requests of a service do; one writer alone would measure its own round trips.
 */
async function pipelineThroughput(pipeline: RunningService): Promise<number> {
  const outbox = pipeline.container.resolve(Outbox);
  const before = await handledCount(pipeline);
  const chunks = Array.from({ length: Math.ceil(EVENTS / 50) }, (_, chunk) => chunk * 50);
  const writer = async () => {
    for (let start = chunks.shift(); start !== undefined; start = chunks.shift()) {
      const first = start;
      await pipeline.db.transaction(async () => {
        for (let n = first; n < Math.min(first + 50, EVENTS); n++) await outbox.add(BenchHappened, { n });
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, writer));
  await waitForHandled(pipeline, before + EVENTS);
  return EVENTS / ((performance.now() - started) / 1000);
}

/** Commit -> handled latency of single-event transactions written at `RATE` per second. */
async function pipelineLatency(pipeline: RunningService): Promise<{ p50: number; p99: number }> {
  const outbox = pipeline.container.resolve(Outbox);
  const before = await handledCount(pipeline);
  const total = RATE * RATE_SECONDS;
  const committedAt = new Map<string, number>();
  const writes: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    writes.push(
      pipeline.db
        .transaction(() => outbox.add(BenchHappened, { n: 1_000_000 + n }))
        .then((messageId) => void committedAt.set(messageId, performance.timeOrigin + performance.now())),
    );
  }
  await Promise.all(writes);
  await waitForHandled(pipeline, before + total);
  const rows: { message_id: string; handled: number }[] = await pipeline.dataSource.query(
    'SELECT message_id, extract(epoch FROM handled_at) * 1000 AS handled FROM bench_effects WHERE n >= 1000000',
  );
  const latencies = rows
    .map((row) => Number(row.handled) - (committedAt.get(row.message_id) ?? Number.NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Raw amqplib on the same broker: confirm-publish in batches, consume with the same prefetch, ack each. */
async function rawThroughput(): Promise<number> {
  const connection = await connect(amqpUrl);
  const queue = `bench-raw-${suffix}`;
  try {
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    await publisher.assertQueue(queue, { durable: true });
    await consumer.prefetch(20);
    let acked = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.consume(queue, (message) => {
        if (!message) return;
        consumer.ack(message);
        if (++acked === EVENTS) resolve();
      });
    });
    const started = performance.now();
    for (let start = 0; start < EVENTS; start += 200) {
      for (let n = start; n < Math.min(start + 200, EVENTS); n++) {
        publisher.sendToQueue(queue, Buffer.from(JSON.stringify({ n })), {
          persistent: true,
          contentType: 'application/json',
        });
      }
      await publisher.waitForConfirms();
    }
    await done;
    const rate = EVENTS / ((performance.now() - started) / 1000);
    await publisher.deleteQueue(queue);
    return rate;
  } finally {
    await connection.close();
  }
}

async function removeTopology(): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    const queue = queueName(service, BenchHappened);
    for (const name of [
      queue,
      `${queue}.dlq`,
      `${queue}.retry.1000ms`,
      `${queue}.retry.5000ms`,
      `${queue}.retry.30000ms`,
    ]) {
      await channel.deleteQueue(name);
    }
    await channel.deleteExchange(BenchHappened.exchange);
  } finally {
    await connection.close();
  }
}

export default async function run(): Promise<BenchRow[]> {
  const databaseUrl = `${postgresServer}/shop_bench_events_${suffix}`;
  const pipeline = await startPipeline(databaseUrl);
  try {
    // Warm-up (JIT, pools, queues), not measured.
    await rawThroughput();
    await pipelineThroughput(pipeline);
    const raw = await rawThroughput();
    const events = await pipelineThroughput(pipeline);
    const latency = await pipelineLatency(pipeline);
    return [
      {
        scenario: SCENARIO,
        metric: 'events/s commit -> handled (outbox + inbox)',
        value: events,
        unit: 'events/s',
        baseline: raw,
        ratio: events / raw,
        target: '>= 0.25 of raw amqplib',
      },
      {
        scenario: SCENARIO,
        metric: `p50 commit -> handled at ${RATE}/s`,
        value: latency.p50,
        unit: 'ms',
        target: '<= 10 ms',
      },
      { scenario: SCENARIO, metric: `p99 commit -> handled at ${RATE}/s`, value: latency.p99, unit: 'ms' },
    ];
  } finally {
    await pipeline.stop();
    await removeTopology().catch(() => undefined);
    await dropDatabase(databaseUrl);
  }
}
