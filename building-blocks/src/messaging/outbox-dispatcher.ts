import type { ConfirmChannel } from 'amqplib';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DbContext } from '../persistence';
import { BrokerConnection } from './broker-connection';
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
}

/**
 * Publishes outbox rows: woken by LISTEN/NOTIFY at the writer's commit, with polling as the fallback. Each batch is
 * claimed with `FOR UPDATE SKIP LOCKED` (so several instances share the table), published on a confirm channel, and
 * marked sent in the same transaction only after the broker confirmed every message (DESIGN §5).
 */
export class OutboxDispatcher {
  readonly name = 'outbox-dispatcher';
  private readonly broker: BrokerConnection;
  private channel: ConfirmChannel | undefined;
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
        this.channel = channel;
        // Whatever piled up while the broker was away goes out now.
        setImmediate(() => this.wake());
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
    await Promise.allSettled([...this.workers]);
    if (this.broker.connected) await this.drain().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.broker.close(this.channel ? [this.channel] : []);
  }

  /** Starts a drain worker (up to `concurrency`), or asks a running one to go round once more. */
  wake(): void {
    if (this.stopping) return;
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
      .catch((error) => this.options.logger.warn({ err: error }, 'outbox dispatch failed; will retry'))
      .finally(() => this.workers.delete(worker));
    this.workers.add(worker);
  }

  /** Publishes batches until the table has no unsent row this instance can claim. */
  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 200;
    for (;;) {
      const channel = this.channel;
      if (!channel || !this.broker.connected) return;
      const sent = await this.options.db.dataSource.transaction(async (manager) => {
        const rows: OutboxRow[] = await manager.query(
          `SELECT message_id, exchange, type, payload, headers, correlation_id, occurred_at
             FROM messaging_outbox WHERE sent_at IS NULL
            ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        if (rows.length === 0) return [];
        await publishBatch(channel, this.declared, rows, this.options.service);
        await manager.query('UPDATE messaging_outbox SET sent_at = now() WHERE message_id = ANY($1::uuid[])', [
          rows.map((row) => row.message_id),
        ]);
        return rows.map((row) => row.exchange);
      });
      for (const exchange of sent) this.options.metrics.published.inc({ exchange });
      if (sent.length < batchSize) return;
    }
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
