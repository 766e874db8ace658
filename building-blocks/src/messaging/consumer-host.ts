import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import type { Mediator } from '../mediator';
import type { DbContext } from '../persistence';
import { AckTracker } from './acks';
import { BrokerConnection } from './broker-connection';
import type { AnyConsumer } from './consumer';
import { DeliveryBatcher } from './delivery-batcher';
import { MessageProcessor } from './message-processor';
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
  /** Unacked messages per consumer: the bound on work (and memory) in flight; twice `batchSize` by default. */
  prefetch?: number;
  /** Most messages handled in one transaction (default 50, at most 64: see `MAX_BATCH_SIZE`). */
  batchSize?: number;
  /** How long inbox rows are kept; a redelivery older than this would be handled again. */
  inboxRetentionMs?: number;
}

/**
 * Each message of a batch takes a savepoint, and each savepoint that writes takes a subtransaction id. Postgres keeps
 * 64 of them per transaction in shared memory (PGPROC_MAX_CACHED_SUBXIDS); past that, every other session's snapshot
 * has to look subtransactions up in pg_subtrans, which slows the whole database down.
 */
export const MAX_BATCH_SIZE = 64;

/**
 * Runs the service's consumers. The messages a consumer has received are handled in batches, one transaction each,
 * with a savepoint and an inbox row per message (a duplicate is skipped, a failure rolls back that message alone);
 * they are acked only after the commit, and a failed one is sent to its retry queue or DLQ before it is acked.
 */
export class ConsumerHost {
  readonly name = 'message-consumers';
  private readonly broker: BrokerConnection;
  private readonly inFlight = new Set<Promise<void>>();
  private subscriptions: { channel: ConfirmChannel; tag: string; batcher: DeliveryBatcher }[] = [];
  private stopping = false;
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConsumerHostOptions) {
    const { batchSize = 50 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new Error(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}, not ${batchSize}`);
    }
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

  /**
   * Stops taking messages, lets the batches in flight finish (and ack), gives back the messages received but not
   * started, then closes (DESIGN §5, SIGTERM).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.cleanupTimer);
    await Promise.allSettled(this.subscriptions.map(({ channel, tag }) => channel.cancel(tag)));
    for (const { batcher } of this.subscriptions) batcher.stop();
    await Promise.allSettled([...this.inFlight]);
    // Closing each channel first flushes its last acks: a connection close can overtake frames still queued.
    await this.broker.close(this.subscriptions.map(({ channel }) => channel));
  }

  private async subscribe(model: ChannelModel): Promise<void> {
    const { batchSize = 50, topology } = this.options;
    const subscriptions: { channel: ConfirmChannel; tag: string; batcher: DeliveryBatcher }[] = [];
    for (const consumer of this.options.consumers) {
      const queue = queueName(consumer.service, consumer.event);
      const channel = await model.createConfirmChannel();
      this.broker.guard(model, channel, queue);
      await declareConsumerTopology(channel, consumer.event.exchange, queue, topology);
      await channel.prefetch(this.options.prefetch ?? 2 * batchSize);
      const acks = new AckTracker(channel);
      const processor = new MessageProcessor({
        ...this.options,
        queue,
        consumer,
        channel,
        acks,
        retryDelaysMs: topology.retryDelaysMs,
      });
      const batcher = new DeliveryBatcher(processor, acks, batchSize, (work) => this.track(work));
      if (this.stopping) batcher.stop();
      channel.on('close', () => batcher.abandon());
      const { consumerTag } = await channel.consume(queue, (message) => {
        if (message === null) return this.broker.recycle(model); // cancelled by the broker (queue deleted)
        batcher.push(message);
      });
      subscriptions.push({ channel, tag: consumerTag, batcher });
    }
    this.subscriptions = subscriptions;
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error) => this.options.logger.error({ err: error }, 'message handling failed unexpectedly'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
