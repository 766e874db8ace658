import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DependencyContainer } from 'tsyringe';
import type { Mediator } from '../mediator';
import type { DbContext } from '../persistence';
import type { AnyConsumer } from './consumer';
import { ConsumerHost } from './consumer-host';
import { messagingMetrics } from './metrics';
import { Outbox } from './outbox';
import { OutboxDispatcher } from './outbox-dispatcher';
import { defaultTopology } from './topology';

/** What a service passes as `startService({ messaging })`. */
export interface MessagingOptions {
  /** AMQP URL, e.g. `config.RABBITMQ_URL`; a vhost in the path isolates an environment (or a test). */
  url: string;
  consumers?: readonly AnyConsumer[];
  /** Unacked messages per consumer (default twice `consumerBatchSize`: the next batch gathers while one commits). */
  prefetch?: number;
  /** Most messages a consumer handles in one transaction, a savepoint each (default 50, at most 64). */
  consumerBatchSize?: number;
  /** Delays before each retry (default 1 s, 5 s, 30 s: four attempts, then the DLQ). */
  retryDelaysMs?: readonly number[];
  /** Declare quorum queues instead of classic ones (default false; true on a RabbitMQ cluster). */
  quorumQueues?: boolean;
  /** How long inbox rows are kept for deduplication (default 30 days). */
  inboxRetentionMs?: number;
  outbox?: {
    batchSize?: number;
    concurrency?: number;
    pollIntervalMs?: number;
    retentionMs?: number;
    cleanupIntervalMs?: number;
    /** How long a batch waits for publisher confirms before it rolls back and is retried (default 5 s). */
    confirmTimeoutMs?: number;
  };
}

export interface MessagingComponents {
  readonly dispatcher: OutboxDispatcher;
  readonly consumers: ConsumerHost | undefined;
}

export interface MessagingContext {
  service: string;
  databaseUrl: string;
  container: DependencyContainer;
  db: DbContext;
  mediator: Mediator;
  logger: Logger;
  metrics: Registry;
}

/** Registers `Outbox` and builds the dispatcher and (when there are consumers) the consumer host. */
export function createMessaging(options: MessagingOptions, context: MessagingContext): MessagingComponents {
  const { service, db, logger } = context;
  context.container.registerInstance(Outbox, new Outbox(db));
  const metrics = messagingMetrics(context.metrics, async () => {
    const [row] = await db.dataSource.query(
      'SELECT count(*)::int AS backlog FROM messaging_outbox WHERE sent_at IS NULL',
    );
    return Number(row?.backlog ?? 0);
  });
  const dispatcher = new OutboxDispatcher({
    ...options.outbox,
    url: options.url,
    databaseUrl: context.databaseUrl,
    service,
    db,
    logger,
    metrics,
  });
  const consumerList = options.consumers ?? [];
  const consumers =
    consumerList.length === 0
      ? undefined
      : new ConsumerHost({
          url: options.url,
          service,
          consumers: consumerList,
          db,
          mediator: context.mediator,
          logger,
          metrics,
          prefetch: options.prefetch,
          batchSize: options.consumerBatchSize,
          inboxRetentionMs: options.inboxRetentionMs,
          topology: {
            retryDelaysMs: options.retryDelaysMs ?? defaultTopology.retryDelaysMs,
            quorumQueues: options.quorumQueues ?? defaultTopology.quorumQueues,
          },
        });
  return { dispatcher, consumers };
}
