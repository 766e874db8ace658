import { context, propagation, trace } from '@opentelemetry/api';
import type { EventDefinition } from '@shop/contracts';
import { v7 as uuidv7 } from 'uuid';
import { injectable } from '../container';
import { DbContext } from '../persistence';
import { OutboxOutsideTransactionError } from './errors';
import { messageContext } from './message-context';

/** The channel `pg_notify` wakes the dispatchers on; the notification is delivered only when the writer commits. */
export const OUTBOX_CHANNEL = 'shop_messaging_outbox';

/** Headers stored with the row and published with the message (DESIGN §5 envelope). */
export type OutboxHeaders = Record<string, string | number>;

/**
 * Where a handler puts the events it raises. `add()` writes the row through the command's transaction (the unit of
 * work), so the event exists if and only if the state change it announces commits (transactional outbox).
 */
@injectable()
export class Outbox {
  constructor(private readonly db: DbContext) {}

  /** Stores `payload` as `event` in the current transaction; returns the event's messageId (UUID v7). */
  async add<TPayload>(event: EventDefinition<TPayload>, payload: TPayload): Promise<string> {
    if (!this.db.inTransaction) {
      throw new OutboxOutsideTransactionError(
        `outbox.add(${event.name}) must run inside a command (unit of work), so the event commits with its state`,
      );
    }
    const messageId = uuidv7();
    const cause = messageContext.getStore();
    const headers: OutboxHeaders = { 'event-version': event.version };
    // The writing transaction's trace context travels with the row, so publish and consume join its trace (§7).
    propagation.inject(context.active(), headers);
    if (cause) headers['causation-id'] = cause.messageId;
    const correlationId = cause?.correlationId ?? activeTraceId() ?? messageId;
    await this.db.manager.query(
      `INSERT INTO messaging_outbox (message_id, exchange, type, version, payload, headers, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [messageId, event.exchange, event.name, event.version, JSON.stringify(payload), headers, correlationId],
    );
    // Delivered at commit, and never for a rolled-back transaction; one per transaction is enough. Asked for at the
    // end, so that a savepoint rolled back (a batched consumer's failed message) cannot take it with it.
    this.db.beforeCommit(OUTBOX_CHANNEL, () => this.db.manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']));
    return messageId;
  }
}

function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  return span?.spanContext().traceId;
}
