import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { startTelemetry } from '../observability';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  effectHooks,
  RaiseTestEventCommand,
  type RecordEffectCommand,
  startMessagingTestService,
  TestHappened,
  waitUntil,
} from '../testing/messaging-harness';
import { MAX_ALONE } from './delivery-batcher';
import { queueName } from './topology';

describe('trace context through the outbox', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = startTelemetry('messaging-test', {
    endpoint: '',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('tracing');
    vhost = await createTestVhost('tracing');
    service = await startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()] },
    });
  });

  afterAll(async () => {
    effectHooks.before = undefined;
    await service?.stop();
    await vhost?.drop();
    await database?.drop();
    await sdk.shutdown();
  });

  it("puts the consumer's span in the trace of the transaction that wrote the event", async () => {
    // Given a command that raises an event through the outbox
    const messageId = await service.mediator.send(Object.assign(new RaiseTestEventCommand(), { n: 7 }));

    // When the consumer has handled it
    await waitUntil('the effect', async () => (await countEffects(service)).total === 1);
    await waitUntil('the consumer span', async () =>
      exporter.getFinishedSpans().some((span) => span.kind === SpanKind.CONSUMER),
    );

    // Then command, publish and consume spans share one trace, each the parent of the next
    const spans = exporter.getFinishedSpans();
    const command = spans.find((span) => span.name === 'RaiseTestEventCommand');
    const publish = spans.find((span) => span.kind === SpanKind.PRODUCER);
    const consume = spans.find((span) => span.kind === SpanKind.CONSUMER);
    expect(command && publish && consume).toBeTruthy();
    const traceId = command?.spanContext().traceId;
    expect(publish?.spanContext().traceId).toBe(traceId);
    expect(consume?.spanContext().traceId).toBe(traceId);
    expect(publish?.parentSpanContext?.spanId).toBe(command?.spanContext().spanId);
    expect(consume?.parentSpanContext?.spanId).toBe(publish?.spanContext().spanId);
    expect(consume?.attributes['messaging.message.id']).toBe(messageId);
    // And the consumer's own command runs inside the consumer span
    const handled = spans.find((span) => span.name === 'RecordEffectCommand');
    expect(handled?.parentSpanContext?.spanId).toBe(consume?.spanContext().spanId);
  });

  it('keeps each message of a batch in its own trace, under its own consumer span', async () => {
    // Given a consumer held on as many messages as it handles alone at once, while more events than that are written,
    // each by a command of its own
    const transactions = new Map<number, string>();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    effectHooks.before = async (command: RecordEffectCommand) => {
      const [row] = await service.db.manager.query('SELECT txid_current()::text AS transaction');
      transactions.set(command.n, row.transaction);
      if (command.n >= 90 && command.n < 100) await held;
    };
    exporter.reset();
    for (let n = 90; n < 90 + MAX_ALONE; n++) {
      await service.mediator.send(Object.assign(new RaiseTestEventCommand(), { n }));
      await waitUntil('the message held', async () => transactions.has(n));
    }
    const messageIds = new Map<number, string>();
    const batch = Array.from({ length: MAX_ALONE + 1 }, (_, index) => 101 + index);
    for (const n of batch) {
      messageIds.set(n, await service.mediator.send(Object.assign(new RaiseTestEventCommand(), { n })));
    }
    await waitUntil('all published', async () => (await unsent()) === 0);
    await waitUntil('all handed to the consumer', async () => (await queued()) === 0);

    // When the consumer is let go and handles them together
    release();
    await waitUntil('all effects', async () => (await countEffects(service)).total === 1 + MAX_ALONE + batch.length);
    await waitUntil('their consumer spans', async () => [...messageIds.values()].every((id) => consumeSpan(id)));

    // Then they were one transaction, and each kept its own trace: command -> publish -> consume -> its command
    expect(new Set(batch.map((n) => transactions.get(n))).size).toBe(1);
    const spans = exporter.getFinishedSpans();
    for (const [n, messageId] of messageIds) {
      const consume = consumeSpan(messageId);
      const publish = spans.find(
        (span) => span.kind === SpanKind.PRODUCER && span.spanContext().spanId === consume?.parentSpanContext?.spanId,
      );
      const command = spans.find(
        (span) =>
          span.name === 'RaiseTestEventCommand' && span.spanContext().spanId === publish?.parentSpanContext?.spanId,
      );
      expect({ n, consume: !!consume, publish: !!publish, command: !!command }).toEqual({
        n,
        consume: true,
        publish: true,
        command: true,
      });
      expect(consume?.spanContext().traceId).toBe(command?.spanContext().traceId);
      const handled = spans.filter(
        (span) =>
          span.name === 'RecordEffectCommand' && span.parentSpanContext?.spanId === consume?.spanContext().spanId,
      );
      expect(handled).toHaveLength(1);
    }
  });

  async function unsent(): Promise<number> {
    const [row] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL',
    );
    return row.n;
  }

  const consumeSpan = (messageId: string) =>
    exporter
      .getFinishedSpans()
      .find((span) => span.kind === SpanKind.CONSUMER && span.attributes['messaging.message.id'] === messageId);

  async function queued(): Promise<number> {
    const connection = await connect(vhost.url);
    try {
      return (await (await connection.createChannel()).checkQueue(queueName('test', TestHappened))).messageCount;
    } finally {
      await connection.close();
    }
  }
});
