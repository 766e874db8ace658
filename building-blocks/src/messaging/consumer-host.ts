import { propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { Mediator } from '../mediator';
import type { DbContext } from '../persistence';
import { BrokerConnection } from './broker-connection';
import type { AnyConsumer } from './consumer';
import { readMessage } from './envelope';
import { routeFailure } from './failure-routing';
import { messageContext } from './message-context';
import { countQueueFromZero, type MessagingMetrics } from './metrics';
import { declareConsumerTopology, queueName, type TopologyOptions } from './topology';

export interface ConsumerHostOptions {
  url: string;
  service: string;
  consumers: readonly AnyConsumer[];
  db: DbContext;
  mediator: Mediator;
  logger: Logger;
  metrics: MessagingMetrics;
  topology: TopologyOptions;
  /** Unacked messages per consumer: the bound on work (and memory) in flight. */
  prefetch?: number;
  /** How long inbox rows are kept; a redelivery older than this would be handled again. */
  inboxRetentionMs?: number;
}

const tracer = trace.getTracer('shop.messaging');

/**
 * Runs the service's consumers. Each message is handled in one transaction with its inbox row (a duplicate is
 * skipped), acked only after that commit, and on failure sent to its retry queue or DLQ before it is acked.
 */
export class ConsumerHost {
  readonly name = 'message-consumers';
  private readonly broker: BrokerConnection;
  private readonly inFlight = new Set<Promise<void>>();
  private subscriptions: { channel: ConfirmChannel; tag: string }[] = [];
  private stopping = false;
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConsumerHostOptions) {
    for (const consumer of options.consumers) {
      countQueueFromZero(options.metrics, queueName(consumer.service, consumer.event));
    }
    this.broker = new BrokerConnection({
      url: options.url,
      name: `${options.service}/consumers`,
      logger: options.logger,
      setup: (model) => this.subscribe(model),
    });
  }

  async start(): Promise<void> {
    await this.broker.open();
    const cleanup = () => void this.cleanupInbox().catch(() => undefined);
    this.cleanupTimer = setInterval(cleanup, 3_600_000).unref();
  }

  /** Deletes inbox rows past the retention period (default 30 days), a bounded chunk at a time. */
  async cleanupInbox(): Promise<number> {
    const retentionSeconds = (this.options.inboxRetentionMs ?? 30 * 24 * 3_600_000) / 1000;
    const [row] = await this.options.db.dataSource.query(
      `WITH deleted AS (
         DELETE FROM messaging_inbox WHERE (message_id, consumer) IN (
           SELECT message_id, consumer FROM messaging_inbox
            WHERE handled_at < now() - make_interval(secs => $1) LIMIT 10000)
         RETURNING 1)
       SELECT count(*)::int AS n FROM deleted`,
      [retentionSeconds],
    );
    return Number(row?.n ?? 0);
  }

  async ready(): Promise<void> {
    this.broker.ensureConnected();
  }

  /** Stops taking messages, lets the ones in flight finish (and ack), then closes (DESIGN §5, SIGTERM). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.cleanupTimer);
    await Promise.allSettled(this.subscriptions.map(({ channel, tag }) => channel.cancel(tag)));
    await Promise.allSettled([...this.inFlight]);
    // Closing each channel first flushes its last acks: a connection close can overtake frames still queued.
    await this.broker.close(this.subscriptions.map(({ channel }) => channel));
  }

  private async subscribe(model: ChannelModel): Promise<void> {
    const subscriptions: { channel: ConfirmChannel; tag: string }[] = [];
    for (const consumer of this.options.consumers) {
      const queue = queueName(consumer.service, consumer.event);
      const channel = await model.createConfirmChannel();
      this.broker.guard(model, channel, queue);
      await declareConsumerTopology(channel, consumer.event.exchange, queue, this.options.topology);
      await channel.prefetch(this.options.prefetch ?? 20);
      const { consumerTag } = await channel.consume(queue, (message) => {
        if (message === null) return this.broker.recycle(model); // cancelled by the broker (queue deleted)
        this.track(this.handle(channel, consumer, queue, message));
      });
      subscriptions.push({ channel, tag: consumerTag });
    }
    this.subscriptions = subscriptions;
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error) => this.options.logger.error({ err: error }, 'message handling failed unexpectedly'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async handle(
    channel: ConfirmChannel,
    consumer: AnyConsumer,
    queue: string,
    message: ConsumeMessage,
  ): Promise<void> {
    if (this.stopping) return channel.nack(message, false, true); // not started: back to the queue for others
    const parent = propagation.extract(ROOT_CONTEXT, message.properties.headers ?? {});
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': queue,
      'messaging.message.id': String(message.properties.messageId ?? ''),
    };
    // The consumer span is a child of the publish span, so it belongs to the writing transaction's trace.
    await tracer.startActiveSpan(`${queue} process`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) =>
      this.process(channel, consumer, queue, message, span).finally(() => span.end()),
    );
  }

  private async process(
    channel: ConfirmChannel,
    consumer: AnyConsumer,
    queue: string,
    message: ConsumeMessage,
    span: Span,
  ): Promise<void> {
    const { db, mediator, metrics, logger } = this.options;
    let outcome: 'handled' | 'duplicate';
    try {
      const incoming = readMessage(message);
      const cause = { messageId: incoming.messageId, correlationId: incoming.correlationId };
      outcome = await messageContext.run(cause, () =>
        db.transaction(async () => {
          const rows: unknown[] = await db.manager.query(
            `INSERT INTO messaging_inbox (message_id, consumer) VALUES ($1, $2)
             ON CONFLICT DO NOTHING RETURNING message_id`,
            [incoming.messageId, queue],
          );
          if (rows.length === 0) return 'duplicate' as const;
          await mediator.send(consumer.toCommand(incoming));
          return 'handled' as const;
        }),
      );
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      await this.fail(channel, queue, message, error).catch((routingError) =>
        // The copy was not confirmed: the original stays unacked and the broker redelivers it.
        logger.warn({ err: routingError, queue }, 'could not route a failed message; it will be redelivered'),
      );
      return;
    }
    (outcome === 'duplicate' ? metrics.duplicates : metrics.consumed).inc({ queue });
    try {
      channel.ack(message);
    } catch (error) {
      // The channel went away after the commit: the redelivery will be skipped by the inbox.
      logger.debug({ err: error, queue }, 'ack lost with the channel; the redelivery will be skipped');
    }
  }

  private async fail(channel: ConfirmChannel, queue: string, message: ConsumeMessage, error: unknown) {
    const outcome = await routeFailure(channel, message, queue, this.options.topology.retryDelaysMs, error);
    channel.ack(message);
    const level = outcome === 'retried' ? 'warn' : 'error';
    this.options.logger[level](
      { err: error, queue, messageId: message.properties.messageId, outcome },
      'message failed',
    );
    (outcome === 'retried' ? this.options.metrics.retried : this.options.metrics.deadLettered).inc({ queue });
  }
}
