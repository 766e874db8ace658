import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { CommandWithOwnTransaction, type Mediator } from '../mediator';
import type { DbContext } from '../persistence';
import type { AckTracker } from './acks';
import type { AnyConsumer } from './consumer';
import { Delivery, type DeliveryOutcome } from './delivery';
import { routeFailure } from './failure-routing';
import type { MessagingMetrics } from './metrics';

export interface MessageProcessorOptions {
  queue: string;
  consumer: AnyConsumer;
  channel: ConfirmChannel;
  acks: AckTracker;
  db: DbContext;
  mediator: Mediator;
  logger: Logger;
  metrics: MessagingMetrics;
  retryDelaysMs: readonly number[];
}

/**
 * Handles one queue's deliveries with the inbox (DESIGN §5, messaging README): a batch in one transaction, a
 * savepoint per message so that a failing message fails alone; or one message in a transaction of its own.
 * Acks only after the commit; a failed message is acked once its copy in the retry queue or the DLQ is confirmed.
 */
export class MessageProcessor {
  constructor(private readonly options: MessageProcessorOptions) {}

  /**
   * One message in a transaction of its own, or several in one transaction with a savepoint each. If a batch's
   * transaction itself fails (connection, commit), nothing of it is stored and nothing is acked: every message goes
   * back to the queue, and comes back redelivered, to be handled alone. `committing` is called once the handlers are
   * done and only the commit is left: the transaction takes no further lock, and other work may start.
   */
  async handle(messages: readonly ConsumeMessage[], committing: () => void): Promise<void> {
    const { queue, consumer } = this.options;
    const deliveries = messages.map((message) => new Delivery(message, queue, consumer));
    const ready = deliveries.filter((delivery) => delivery.outcome === undefined);
    // Such a handler opens its transaction after slow reads; it keeps a transaction to itself, as it always had.
    const alone = ready.filter((delivery) => delivery.command instanceof CommandWithOwnTransaction);
    const together = ready.filter((delivery) => !alone.includes(delivery));
    if (together.length === 0) committing();
    const handling =
      together.length <= 1
        ? // One message needs no savepoint: it shares its transaction with nothing.
          this.inOwnTransaction(together[0], committing)
        : this.together(together, committing);
    await Promise.all([handling, ...alone.map((delivery) => this.inOwnTransaction(delivery))]);
    await this.settle(deliveries);
  }

  private async together(deliveries: readonly Delivery[], committing: () => void): Promise<void> {
    const { db, queue } = this.options;
    try {
      await db.transaction(async () => {
        const fresh = await claimInbox(db, queue, deliveries);
        // A second copy within the batch is a duplicate too: the first one decides the message's fate.
        const handled = deliveries.filter((delivery) => fresh.delete(delivery.messageId));
        const settled = await db.eachInSavepoint(handled, (delivery) => delivery.run(() => this.send(delivery)));
        for (const delivery of deliveries) delivery.outcome = { kind: 'duplicate' };
        const failed: string[] = [];
        settled.forEach((result, index) => {
          const delivery = handled[index];
          if (!delivery) return;
          delivery.outcome = result.ok ? { kind: 'handled' } : outcomeOfFailure(result.error);
          if (result.ok) return;
          failed.push(delivery.messageId);
          if (delivery.outcome.kind === 'requeued') {
            const fields = { err: result.error, queue, messageId: delivery.messageId };
            this.options.logger.warn(fields, 'message lost to another transaction; it goes back to the queue');
          }
        });
        // Their effects are gone with their savepoints; their inbox rows must go too, or they would be skipped later.
        if (failed.length > 0) await forgetInbox(db, queue, failed);
        committing();
      });
    } catch (error) {
      for (const delivery of deliveries) delivery.outcome = { kind: 'requeued', error };
      this.options.logger.warn(
        { err: error, queue, messages: deliveries.length },
        'a batch of messages did not commit; they go back to the queue, to be handled one by one',
      );
    } finally {
      committing();
    }
  }

  private async inOwnTransaction(delivery: Delivery | undefined, committing?: () => void): Promise<void> {
    if (!delivery) return;
    const { db, queue } = this.options;
    try {
      delivery.outcome = await delivery.run(() =>
        db.transaction(async () => {
          const fresh = await claimInbox(db, queue, [delivery]);
          if (fresh.size > 0) await this.send(delivery);
          committing?.();
          return fresh.size > 0 ? ({ kind: 'handled' } as const) : ({ kind: 'duplicate' } as const);
        }),
      );
    } catch (error) {
      delivery.outcome = { kind: 'failed', error };
    } finally {
      committing?.();
    }
  }

  private async send(delivery: Delivery): Promise<void> {
    if (!delivery.command) throw new Error('a message without a command cannot be handled');
    await this.options.mediator.send(delivery.command);
  }

  /** After the commit: failed messages routed (copies confirmed), then everything that may be acked, acked at once. */
  private async settle(deliveries: readonly Delivery[]): Promise<void> {
    const { acks, metrics, queue } = this.options;
    const routed = await Promise.all(deliveries.map((delivery) => this.route(delivery)));
    const done = deliveries.filter((delivery, index) => {
      const kind = delivery.outcome?.kind;
      return kind === 'handled' || kind === 'duplicate' || routed[index];
    });
    for (const delivery of done) {
      if (delivery.outcome?.kind === 'handled') metrics.consumed.inc({ queue });
      if (delivery.outcome?.kind === 'duplicate') metrics.duplicates.inc({ queue });
    }
    if (!acks.ack(done.map((delivery) => delivery.message))) {
      // The channel went away after the commit: the redeliveries will be skipped by the inbox.
      this.options.logger.debug({ queue }, 'acks lost with the channel; the redeliveries will be skipped');
    }
    acks.requeue(deliveries.filter((d) => d.outcome?.kind === 'requeued').map((d) => d.message));
    for (const delivery of deliveries) delivery.end();
  }

  /** Sends a failed message to its retry queue or the DLQ; true once the broker confirmed the copy. */
  private async route(delivery: Delivery): Promise<boolean> {
    const outcome = delivery.outcome;
    if (outcome?.kind !== 'failed') return false;
    const { channel, queue, retryDelaysMs, logger, metrics } = this.options;
    const { message } = delivery;
    try {
      const routed = await routeFailure(channel, message, queue, retryDelaysMs, outcome.error);
      const level = routed === 'retried' ? 'warn' : 'error';
      logger[level](
        { err: outcome.error, queue, messageId: message.properties.messageId, outcome: routed },
        'message failed',
      );
      (routed === 'retried' ? metrics.retried : metrics.deadLettered).inc({ queue });
      return true;
    } catch (routingError) {
      // The copy was not confirmed: the original stays unacked and the broker redelivers it.
      logger.warn({ err: routingError, queue }, 'could not route a failed message; it will be redelivered');
      return false;
    }
  }
}

/** SQLSTATEs of a transaction that lost to another: nothing is wrong with the message itself. */
const LOST_TO_ANOTHER_TRANSACTION = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

/**
 * A message of a batch that failed alone goes the failure route (retry queue, DLQ). One that only lost a deadlock
 * (its batch holds the locks of the messages before it, in their order, not in one global order) or a serialization
 * failure goes back to the queue instead, to come back redelivered and be handled alone, with no attempt counted.
 */
function outcomeOfFailure(error: unknown): DeliveryOutcome {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && LOST_TO_ANOTHER_TRANSACTION.has(code)
    ? { kind: 'requeued', error }
    : { kind: 'failed', error };
}

/**
 * Inserts the inbox rows of `deliveries` (DESIGN §5) in one statement, in a fixed order so that two consumers that
 * got the same copies cannot deadlock; returns the message ids that were new. A copy another transaction is inserting
 * waits for that transaction, and is a duplicate if it commits.
 */
async function claimInbox(db: DbContext, queue: string, deliveries: readonly Delivery[]): Promise<Set<string>> {
  const ids = [...new Set(deliveries.map((delivery) => delivery.messageId))].sort();
  const rows: { message_id: string }[] = await db.manager.query(
    `INSERT INTO messaging_inbox (message_id, consumer)
     SELECT id, $2 FROM unnest($1::varchar[]) AS id
     ON CONFLICT DO NOTHING RETURNING message_id`,
    [ids, queue],
  );
  return new Set(rows.map((row) => row.message_id));
}

async function forgetInbox(db: DbContext, queue: string, messageIds: readonly string[]): Promise<void> {
  await db.manager.query('DELETE FROM messaging_inbox WHERE message_id = ANY($1::varchar[]) AND consumer = $2', [
    messageIds,
    queue,
  ]);
}
