import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DbContext } from '../persistence';
import { Backoff } from './backoff';
import { BrokerConnection } from './broker-connection';
import { ConfirmTimeoutError } from './errors';
import type { MessagingMetrics } from './metrics';
import { OUTBOX_CHANNEL } from './outbox';
import { type OutboxRow, publishBatch } from './outbox-publisher';

export interface OutboxDispatcherOptions {
  url: string;
  databaseUrl: string;
  service: string;
  db: DbContext;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Rows per confirm round trip. */
  batchSize?: number;
  /** Batches in flight at once: a new commit need not wait for the confirms of the batch before it. */
  concurrency?: number;
  /** Fallback when a notification is missed (LISTEN connection down, another instance's commit). */
  pollIntervalMs?: number;
  /** How long sent rows are kept (for audits and replays) before the cleanup deletes them. */
  retentionMs?: number;
  cleanupIntervalMs?: number;
  /**
   * How long a batch waits for the broker's confirms (default 5 s). Its rows stay locked and a pooled connection stays
   * in a transaction meanwhile, so this bounds both even when the broker blocks publishers; then the batch rolls back
   * and is retried with backoff.
   */
  confirmTimeoutMs?: number;
}

/**
 * Publishes outbox rows: woken by LISTEN/NOTIFY at the writer's commit, with polling as the fallback. Each batch is
 * claimed with `FOR UPDATE SKIP LOCKED` (so several instances share the table), published on a confirm channel, and
 * marked sent in the same transaction only after the broker confirmed every message (DESIGN §5). Nothing is
 * published while the broker blocks the connection (resource alarm), and no batch waits longer than
 * `confirmTimeoutMs` for its confirms: the transaction is never held open without bound.
 */
export class OutboxDispatcher {
  readonly name = 'outbox-dispatcher';
  private readonly broker: BrokerConnection;
  private publishing: { model: ChannelModel; channel: ConfirmChannel } | undefined;
  private readonly backoff = new Backoff();
  private readonly declared = new Set<string>();
  private listener: Client | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly workers = new Set<Promise<void>>();
  private again = false;
  private stopping = false;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.broker = new BrokerConnection({
      url: options.url,
      name: `${options.service}/outbox-dispatcher`,
      logger: options.logger,
      setup: async (model) => {
        const channel = await model.createConfirmChannel();
        this.broker.guard(model, channel, 'outbox');
        this.declared.clear();
        this.publishing = { model, channel };
        // Whatever piled up while the broker was away goes out now (or when a running backoff ends).
        setImmediate(() => this.wake());
      },
      // The broker says the cause is gone: retry at once rather than when the backoff ends.
      onUnblocked: () => {
        this.backoff.reset();
        this.wake();
      },
    });
  }

  async start(): Promise<void> {
    await this.broker.open();
    await this.listen();
    const { pollIntervalMs = 1_000, cleanupIntervalMs = 60_000 } = this.options;
    this.timers.push(setInterval(() => this.wake(), pollIntervalMs).unref());
    this.timers.push(setInterval(() => void this.cleanup().catch(() => undefined), cleanupIntervalMs).unref());
    this.wake();
  }

  async ready(): Promise<void> {
    this.broker.ensureConnected();
  }

  /** Stops the timers, lets the batch in flight finish, flushes what is left once, and closes. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.stopping = true;
    this.backoff.reset();
    await Promise.allSettled([...this.workers]);
    if (this.broker.connected) await this.drain().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.broker.close(this.publishing ? [this.publishing.channel] : []);
  }

  /** Starts a drain worker (up to `concurrency`), or asks a running one to go round once more. */
  wake(): void {
    // During a backoff its timer wakes the dispatcher; commits and polls meanwhile find the rows later.
    if (this.stopping || this.backoff.waiting) return;
    if (this.workers.size >= (this.options.concurrency ?? 4)) {
      this.again = true;
      return;
    }
    const worker: Promise<void> = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.stopping);
    })()
      .catch((error) => {
        const retryInMs = this.backoff.fail(() => this.wake());
        this.options.logger.warn({ err: error, retryInMs }, 'outbox dispatch failed; will retry');
      })
      .finally(() => this.workers.delete(worker));
    this.workers.add(worker);
  }

  /** Publishes batches until the table has no unsent row this instance can claim. */
  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 200;
    for (;;) {
      const publishing = this.publishing;
      // A blocked connection would only hold the batch's locks until the timeout; 'unblocked' resumes the work.
      if (!publishing || !this.broker.connected || this.broker.blocked) return;
      const sent = await this.dispatchBatch(publishing.channel, batchSize).catch((error: unknown) => {
        if (error instanceof ConfirmTimeoutError) this.confirmTimedOut(publishing);
        throw error;
      });
      if (sent.length > 0) this.backoff.reset();
      for (const exchange of sent) this.options.metrics.published.inc({ exchange });
      if (sent.length < batchSize) return;
    }
  }

  /** Claims, publishes and marks one batch in one transaction; returns the exchanges of the rows it sent. */
  private dispatchBatch(channel: ConfirmChannel, batchSize: number): Promise<string[]> {
    const { confirmTimeoutMs = 5_000, service } = this.options;
    return this.options.db.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT message_id, exchange, type, payload, headers, correlation_id, occurred_at
           FROM messaging_outbox WHERE sent_at IS NULL
          ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return [];
      await publishBatch(channel, this.declared, rows, service, confirmTimeoutMs);
      await manager.query('UPDATE messaging_outbox SET sent_at = now() WHERE message_id = ANY($1::uuid[])', [
        rows.map((row) => row.message_id),
      ]);
      return rows.map((row) => row.exchange);
    });
  }

  /**
   * The batch has rolled back. A blocked connection is kept: the broker said why, and resumes it when the alarm
   * clears. Otherwise the channel is not trusted again: its connection is recycled and setup opens a fresh one.
   */
  private confirmTimedOut(publishing: { model: ChannelModel; channel: ConfirmChannel }): void {
    this.options.metrics.outboxConfirmTimeouts.inc();
    if (this.broker.blocked || this.publishing !== publishing) return;
    this.publishing = undefined;
    this.broker.recycle(publishing.model);
  }

  /** Deletes sent rows older than the retention period, a bounded chunk at a time. */
  async cleanup(): Promise<number> {
    const retentionSeconds = (this.options.retentionMs ?? 7 * 24 * 3_600_000) / 1000;
    const [row] = await this.options.db.dataSource.query(
      `WITH deleted AS (
         DELETE FROM messaging_outbox WHERE message_id IN (
           SELECT message_id FROM messaging_outbox
            WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(secs => $1)
            LIMIT 10000)
         RETURNING 1)
       SELECT count(*)::int AS n FROM deleted`,
      [retentionSeconds],
    );
    return Number(row?.n ?? 0);
  }

  /** A dedicated connection for LISTEN; if it drops, polling covers until it is back. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
      this.listener = undefined;
      if (!this.stopping) setTimeout(() => void this.listen().catch(() => undefined), 1_000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }
}
