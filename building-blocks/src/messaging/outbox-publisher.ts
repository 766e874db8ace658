import { propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ConfirmChannel } from 'amqplib';
import { ConfirmTimeoutError } from './errors';
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
 * any is nacked, the channel closes first, or the confirms take longer than `confirmTimeoutMs` (the caller's
 * transaction then rolls back and the rows stay unsent). The messageId is the row's, so a retry publishes the same
 * ids again and the consumers' inbox absorbs the copies.
 */
export async function publishBatch(
  channel: ConfirmChannel,
  declared: Set<string>,
  rows: readonly OutboxRow[],
  source: string,
  confirmTimeoutMs: number,
): Promise<void> {
  const spans: Span[] = [];
  const abandoned = new AbortController();
  const confirmed = declareAndPublish(channel, declared, rows, source, spans, abandoned.signal);
  // Once the batch has timed out nobody awaits its confirms: a late ack or nack must neither crash nor mark anything.
  confirmed.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned.abort();
      reject(new ConfirmTimeoutError(`the broker did not confirm ${rows.length} messages in ${confirmTimeoutMs} ms`));
    }, confirmTimeoutMs);
  });
  try {
    await Promise.race([confirmed, timedOut]);
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    clearTimeout(timer);
    for (const span of spans) span.end();
  }
}

async function declareAndPublish(
  channel: ConfirmChannel,
  declared: Set<string>,
  rows: readonly OutboxRow[],
  source: string,
  spans: Span[],
  abandoned: AbortSignal,
): Promise<void> {
  for (const exchange of new Set(rows.map((row) => row.exchange))) {
    if (declared.has(exchange)) continue;
    await declareExchange(channel, exchange);
    declared.add(exchange);
  }
  // A declaration that answers after the timeout must not publish rows whose transaction has already rolled back.
  if (abandoned.aborted) return;
  const confirms = rows.map((row) => {
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
    spans.push(span);
    const headers: Record<string, string | number> = { ...row.headers, source };
    propagation.inject(trace.setSpan(parent, span), headers);
    return new Promise<void>((resolve, reject) => {
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
  });
  // Each batch waits for its own confirms only, so several batches can be in flight on one channel.
  await Promise.all(confirms);
}
