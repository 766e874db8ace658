import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { ConfirmChannel } from 'amqplib';
import { declareExchange } from './topology';

export interface OutboxRow {
  message_id: string;
  exchange: string;
  type: string;
  payload: unknown;
  headers: Record<string, string | number>;
  correlation_id: string | null;
  occurred_at: Date;
}

const tracer = trace.getTracer('shop.messaging');

/**
 * Publishes the rows with the envelope of DESIGN §5 and resolves once the broker confirmed all of them; rejects if
 * any is nacked or the channel closes first (the caller's transaction then rolls back and the rows stay unsent).
 */
export async function publishBatch(
  channel: ConfirmChannel,
  declared: Set<string>,
  rows: readonly OutboxRow[],
  source: string,
): Promise<void> {
  for (const exchange of new Set(rows.map((row) => row.exchange))) {
    if (declared.has(exchange)) continue;
    await declareExchange(channel, exchange);
    declared.add(exchange);
  }
  const published = rows.map((row) => {
    // The publish span continues the trace of the transaction that wrote the row.
    const parent = propagation.extract(ROOT_CONTEXT, row.headers);
    const span = tracer.startSpan(
      `${row.exchange} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'rabbitmq',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.exchange,
          'messaging.message.id': row.message_id,
        },
      },
      parent,
    );
    const headers: Record<string, string | number> = { ...row.headers, source };
    propagation.inject(trace.setSpan(parent, span), headers);
    const confirmed = new Promise<void>((resolve, reject) => {
      channel.publish(
        row.exchange,
        '',
        Buffer.from(JSON.stringify(row.payload)),
        {
          messageId: row.message_id,
          type: row.type,
          timestamp: Math.floor(new Date(row.occurred_at).getTime() / 1000),
          correlationId: row.correlation_id ?? row.message_id,
          contentType: 'application/json',
          persistent: true,
          headers,
        },
        (error: unknown) => (error ? reject(error) : resolve()),
      );
    });
    return { span, confirmed };
  });
  // Each batch waits for its own confirms only, so several batches can be in flight on one channel.
  try {
    await Promise.all(published.map(({ confirmed }) => confirmed));
  } finally {
    for (const { span } of published) span.end();
  }
}
