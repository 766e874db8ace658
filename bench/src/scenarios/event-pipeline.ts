import { randomBytes } from 'node:crypto';
import { defineFeature, defineSlice, type RunningService, startService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { Command, handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { defineConsumer, messagingFeature, Outbox, queueName } from '@shop/building-blocks/messaging';
import { DbContext, dropDatabase } from '@shop/building-blocks/persistence';
import { defineEvent, objectSchema } from '@shop/contracts';
import { connect } from 'amqplib';
import { IsInt, IsString } from 'class-validator';
import { type CpuShares, startCpuMeter } from '../support/cpu-meter.js';
import { commitEvents, startWritersOnly } from '../support/event-writers.js';
import type { BenchRow } from '../types.js';

// The event pipeline end to end: a transaction writes an event through the outbox, the dispatcher (woken by
// LISTEN/NOTIFY) publishes it with confirms, the consumer handles it with the inbox (a batch of deliveries to a
// transaction) and acks. Beside it, in the same run: its floor, the same writers' transactions with nothing after
// the commit (`startWritersOnly`), and raw amqplib on the same broker: confirm-publish -> consume -> ack, no database.
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const WRITERS = Number(process.env.BENCH_EVENT_WRITERS ?? 8);
const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_EVENT_RATE_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_EVENT_ROUNDS ?? 3);
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

/** When each event's effect committed (`performance.now()`), by messageId: read in process, no polling query. */
const handledAt = new Map<string, number>();

@handles(RecordBenchEffect)
export class RecordBenchEffectHandler implements RequestHandler<RecordBenchEffect> {
  constructor(private readonly db: DbContext) {}

  async handle(command: RecordBenchEffect): Promise<void> {
    await this.db.manager.query('INSERT INTO bench_effects (message_id, n) VALUES ($1, $2)', [
      command.messageId,
      command.n,
    ]);
    // Handled means stored: the consumer's transaction has committed, not merely run this handler.
    this.db.afterCommit(() => handledAt.set(command.messageId, performance.now()));
  }
}

/** A TypeORM migration (structurally typed: the bench does not depend on typeorm itself). */
class CreateBenchEffects1763800000002 {
  name = 'CreateBenchEffects1763800000002';
  async up(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await runner.query('CREATE TABLE bench_effects (message_id text PRIMARY KEY, n integer NOT NULL)');
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

/** Events/s of one round, and the CPU time each event cost (µs) in this process, Postgres and the broker. */
interface Measured {
  rate: number;
  cpu: CpuShares;
}

function measured(started: number, cpu: CpuShares): Measured {
  return {
    rate: EVENTS / ((performance.now() - started) / 1000),
    cpu: { bench: cpu.bench / EVENTS, postgres: cpu.postgres / EVENTS, rabbitmq: cpu.rabbitmq / EVENTS },
  };
}

async function waitForHandled(count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (handledAt.size < count) {
    if (Date.now() > deadline) throw new Error(`only ${handledAt.size} of ${count} events handled`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Events/s from the first commit to the last handled (inbox + effect committed, message acked). Several writers
 * commit at once, as concurrent requests of a service do; one writer alone would measure its own round trips.
 */
async function pipelineThroughput(pipeline: RunningService, database: string): Promise<Measured> {
  const before = handledAt.size;
  const meter = await startCpuMeter(postgresServer, [database]);
  const started = performance.now();
  await commitEvents(pipeline.db, pipeline.container.resolve(Outbox), BenchHappened, EVENTS, WRITERS);
  await waitForHandled(before + EVENTS);
  return measured(started, await meter.stop());
}

/** Events/s of the same writers' transactions (outbox rows and all) with nothing after the commit: the floor. */
async function writersThroughput(
  writers: { service: RunningService; outbox: Outbox },
  database: string,
): Promise<Measured> {
  const meter = await startCpuMeter(postgresServer, [database]);
  const started = performance.now();
  await commitEvents(writers.service.db, writers.outbox, BenchHappened, EVENTS, WRITERS);
  return measured(started, await meter.stop());
}

/** Commit -> handled latency of single-event transactions written at `RATE` per second. */
async function pipelineLatency(pipeline: RunningService): Promise<{ p50: number; p99: number }> {
  const outbox = pipeline.container.resolve(Outbox);
  const before = handledAt.size;
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
        .then((messageId) => void committedAt.set(messageId, performance.now())),
    );
  }
  await Promise.all(writes);
  await waitForHandled(before + total);
  const latencies = [...committedAt]
    .map(([messageId, committed]) => (handledAt.get(messageId) ?? Number.NaN) - committed)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Raw amqplib on the same broker: confirm-publish in batches, consume with the consumers' default prefetch (twice
 * their batch size of 50), ack each.
 */
async function rawThroughput(): Promise<number> {
  const connection = await connect(amqpUrl);
  const queue = `bench-raw-${suffix}`;
  try {
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    await publisher.assertQueue(queue, { durable: true });
    await consumer.prefetch(100);
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const perSecond = (value: number) => `${Math.round(value)}/s`;

/** The round whose rate is the median, so that its CPU figures belong to the rate reported. */
function medianRound(rounds: Measured[]): Measured {
  const rate = median(rounds.map((round) => round.rate));
  return rounds.find((round) => round.rate === rate) ?? { rate, cpu: { bench: 0, postgres: 0, rabbitmq: 0 } };
}

function cpuRows(pipeline: CpuShares, writers: CpuShares): BenchRow[] {
  const total = (cpu: CpuShares) => cpu.bench + cpu.postgres + cpu.rabbitmq;
  const row = (metric: string, value: number, baseline: number): BenchRow => ({
    scenario: SCENARIO,
    metric: `CPU per event vs the writers alone: ${metric}`,
    value,
    unit: 'µs',
    baseline,
    ratio: value / baseline,
  });
  return [
    row('this process (writers, dispatcher, consumer)', pipeline.bench, writers.bench),
    row('Postgres backends', pipeline.postgres, writers.postgres),
    row('RabbitMQ (whole broker)', pipeline.rabbitmq, writers.rabbitmq),
    row('all of the above', total(pipeline), total(writers)),
  ];
}

export default async function run(): Promise<BenchRow[]> {
  const database = `shop_bench_events_${suffix}`;
  const writersDatabase = `shop_bench_writers_${suffix}`;
  const databaseUrl = `${postgresServer}/${database}`;
  const writersUrl = `${postgresServer}/${writersDatabase}`;
  const pipeline = await startPipeline(databaseUrl);
  const writers = await startWritersOnly(`${service}writers`, writersUrl);
  try {
    // Warm-up (JIT, pools, queues), not measured.
    await rawThroughput();
    await writersThroughput(writers, writersDatabase);
    await pipelineThroughput(pipeline, database);
    // Alternating rounds, so that a disturbance of the machine falls on all three alike; medians are reported.
    const raw: number[] = [];
    const alone: Measured[] = [];
    const events: Measured[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      raw.push(await rawThroughput());
      alone.push(await writersThroughput(writers, writersDatabase));
      events.push(await pipelineThroughput(pipeline, database));
      console.error(
        `bench: round ${round}: raw amqplib ${perSecond(raw.at(-1) ?? 0)}, writers alone ${perSecond(alone.at(-1)?.rate ?? 0)}, end to end ${perSecond(events.at(-1)?.rate ?? 0)}`,
      );
    }
    const latency = await pipelineLatency(pipeline);
    const rawRate = median(raw);
    const writersRound = medianRound(alone);
    const eventsRound = medianRound(events);
    const [writersRate, eventsRate] = [writersRound.rate, eventsRound.rate];
    return [
      {
        scenario: SCENARIO,
        metric: 'writers alone: the same transactions with their outbox rows, no dispatcher or consumer',
        value: writersRate,
        unit: 'events/s',
      },
      {
        scenario: SCENARIO,
        metric: 'events/s commit -> handled (outbox + inbox) vs the writers alone',
        value: eventsRate,
        unit: 'events/s',
        baseline: writersRate,
        ratio: eventsRate / writersRate,
        target: '>= 0.80 of the writers alone',
      },
      {
        scenario: SCENARIO,
        metric: 'events/s commit -> handled (outbox + inbox) vs raw amqplib',
        value: eventsRate,
        unit: 'events/s',
        baseline: rawRate,
        ratio: eventsRate / rawRate,
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
      ...cpuRows(eventsRound.cpu, writersRound.cpu),
    ];
  } finally {
    await writers.service.stop();
    await pipeline.stop();
    await removeTopology().catch(() => undefined);
    await dropDatabase(writersUrl);
    await dropDatabase(databaseUrl);
  }
}
