import { defineEvent, objectSchema } from '@shop/contracts';
import { IsBoolean, IsInt, IsString } from 'class-validator';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { defineFeature, defineSlice, type RunningService, startService } from '../hosting';
import { createLogger } from '../logging';
import { Command, handles, type RequestHandler } from '../mediator';
import type { MessagingOptions } from '../messaging';
import { type AnyConsumer, defineConsumer, messagingFeature, Outbox } from '../messaging';
import { DbContext } from '../persistence';
import { eventually } from './waiting';

export interface TestPayload {
  n: number;
  /** The handler throws for this message, every attempt. */
  poison: boolean;
}

export const TestHappened = defineEvent<TestPayload>(
  'MessagingTestHappened',
  1,
  objectSchema({ n: { type: 'integer' }, poison: { type: 'boolean' } }),
);

export class RecordEffectCommand extends Command {
  @IsString() messageId: string;
  @IsString() consumer: string;
  @IsInt() n: number;
  @IsBoolean() poison: boolean;
  @IsInt() attempt: number;
}

/** What tests may hook into: called before the effect is written, in the transaction. */
export const effectHooks: { before?: (command: RecordEffectCommand) => Promise<void> | void } = {};

/** The effect a test counts: one row per handling (duplicates would show as two rows with one message id). */
@handles(RecordEffectCommand)
export class RecordEffectHandler implements RequestHandler<RecordEffectCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: RecordEffectCommand): Promise<void> {
    await effectHooks.before?.(command);
    if (command.poison) throw new Error(`poison message ${command.n} (attempt ${command.attempt})`);
    await this.db.manager.query('INSERT INTO test_effects (message_id, consumer, n) VALUES ($1, $2, $3)', [
      command.messageId,
      command.consumer,
      command.n,
    ]);
  }
}

export function effectConsumer(service = 'test'): AnyConsumer {
  return defineConsumer({
    event: TestHappened,
    service,
    toCommand: (message) =>
      Object.assign(new RecordEffectCommand(), {
        messageId: message.messageId,
        consumer: service,
        n: message.payload.n,
        poison: message.payload.poison,
        attempt: message.attempt,
      }),
  });
}

class CreateTestEffects1763800000001 implements MigrationInterface {
  name = 'CreateTestEffects1763800000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE test_effects (id bigint GENERATED ALWAYS AS IDENTITY, message_id text NOT NULL, consumer text NOT NULL, n integer NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE test_effects');
  }
}

export interface MessagingTestServiceOptions {
  databaseUrl: string;
  messaging: MessagingOptions;
  name?: string;
}

/** A minimal real service (HTTP on port 0, database, mediator, outbox, consumers) for messaging tests. */
export function startMessagingTestService(options: MessagingTestServiceOptions): Promise<RunningService> {
  const { consumers = [], ...messaging } = options.messaging;
  const effects = defineFeature({
    name: 'test-effects',
    migrations: [CreateTestEffects1763800000001],
    slices: [
      defineSlice({
        name: 'recording-effects',
        requests: [RecordEffectCommand, RaiseTestEventCommand],
        handlers: [RecordEffectHandler, RaiseTestEventHandler],
        consumers,
      }),
    ],
  });
  return startService({
    name: options.name ?? 'test',
    version: '0.0.0',
    description: 'messaging test service',
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ service: options.name ?? 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    features: [messagingFeature, effects],
    database: { url: options.databaseUrl },
    messaging: { retryDelaysMs: [100, 300], prefetch: 50, ...messaging },
  });
}

/** Writes `count` events through the outbox, `perTransaction` to a transaction; returns their message ids. */
export async function writeEvents(
  service: RunningService,
  count: number,
  options: { perTransaction?: number; poison?: (n: number) => boolean; from?: number } = {},
): Promise<string[]> {
  const outbox = service.container.resolve(Outbox);
  const { perTransaction = 100, poison = () => false, from = 0 } = options;
  const ids: string[] = [];
  for (let start = from; start < from + count; start += perTransaction) {
    const end = Math.min(start + perTransaction, from + count);
    await service.db.transaction(async () => {
      for (let n = start; n < end; n++) ids.push(await outbox.add(TestHappened, { n, poison: poison(n) }));
    });
  }
  return ids;
}

export interface EffectCounts {
  total: number;
  distinct: number;
}

export async function countEffects(service: RunningService): Promise<EffectCounts> {
  const [row] = await service.dataSource.query(
    'SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct FROM test_effects',
  );
  return { total: row.total, distinct: row.distinct };
}

/** Polls `probe` until it returns true; fails with `description` after `timeoutMs`. */
export function waitUntil(description: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<boolean> {
  return eventually(description, probe, undefined, timeoutMs);
}

/** A command whose handler raises one event through the outbox, as a real use case does. */
export class RaiseTestEventCommand extends Command<string> {
  @IsInt() n: number;
}

@handles(RaiseTestEventCommand)
export class RaiseTestEventHandler implements RequestHandler<RaiseTestEventCommand> {
  constructor(private readonly outbox: Outbox) {}

  handle(command: RaiseTestEventCommand): Promise<string> {
    return this.outbox.add(TestHappened, { n: command.n, poison: false });
  }
}
