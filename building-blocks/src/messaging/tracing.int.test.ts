import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { startTelemetry } from '../observability';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  RaiseTestEventCommand,
  startMessagingTestService,
  waitUntil,
} from '../testing/messaging-harness';

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
});
