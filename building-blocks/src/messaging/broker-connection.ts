import { type Channel, type ChannelModel, connect, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { BrokerUnavailableError } from './errors';

export interface BrokerConnectionOptions {
  url: string;
  /** Shown in the broker's connection list, e.g. `catalog/outbox-dispatcher`. */
  name: string;
  logger: Logger;
  /** Opens channels, declares topology and subscribes; runs after every (re)connect, before it counts as up. */
  setup: (model: ChannelModel) => Promise<void>;
  /** Reconnect attempts before the first connection succeeds; afterwards it retries for ever. */
  initialRetries?: number;
  /** Called when the broker reads this connection's publishes again after a resource alarm. */
  onUnblocked?: () => void;
}

/**
 * One AMQP connection that reconnects by itself with jittered exponential backoff (amqplib's recovery) and runs
 * `setup` each time, so topology is re-declared and consumers re-subscribed after a broker restart. A channel that
 * dies on its own closes the whole connection, which recovery then rebuilds: one path for every failure.
 */
export class BrokerConnection {
  private connection: RecoveringChannelModel | undefined;
  private current: ChannelModel | undefined;
  private closing = false;
  private isBlocked = false;

  constructor(private readonly options: BrokerConnectionOptions) {}

  get connected(): boolean {
    return this.current !== undefined;
  }

  /**
   * The broker has stopped reading this connection (memory or disk alarm, `connection.blocked`): whatever is published
   * now only waits. A fresh connection starts unblocked; the broker blocks it again as soon as it publishes.
   */
  get blocked(): boolean {
    return this.isBlocked;
  }

  async open(): Promise<void> {
    const { url, name, logger, initialRetries = 3 } = this.options;
    this.connection = await connect(url, {
      clientProperties: { connection_name: name },
      // Frames go out at once: with Nagle's algorithm a publish or an ack may wait for the previous one's TCP ack.
      noDelay: true,
      recovery: {
        initialDelay: 200,
        maxDelay: 5_000,
        factor: 2,
        jitter: 0.5,
        maxRetries: Number.POSITIVE_INFINITY,
        initialMaxRetries: initialRetries,
        // Listeners go on before the first attempt, so that its 'connect' is seen too.
        waitForConnect: false,
        setup: (model: ChannelModel) => this.options.setup(model),
      },
    });
    this.connection.on('connect', (model: ChannelModel) => {
      this.current = model;
      this.isBlocked = false;
      logger.info({ connection: name }, 'broker connected');
    });
    this.connection.on('disconnect', (error: Error) => {
      this.current = undefined;
      this.isBlocked = false;
      if (!this.closing) logger.warn({ connection: name, err: error }, 'broker connection lost; reconnecting');
    });
    this.connection.on('connect-failed', (error: Error) => {
      logger.warn({ connection: name, err: error }, 'broker reconnect attempt failed');
    });
    this.connection.on('blocked', (reason: string) => {
      this.isBlocked = true;
      logger.warn({ connection: name, reason }, 'broker blocks publishing (resource alarm); waiting until it unblocks');
    });
    this.connection.on('unblocked', () => {
      this.isBlocked = false;
      logger.info({ connection: name }, 'broker unblocked publishing');
      this.options.onUnblocked?.();
    });
    this.connection.on('error', (error: Error) => logger.warn({ connection: name, err: error }, 'broker error'));
    await this.connection.waitForConnect();
  }

  /** Watches a channel: errors are logged, and an unexpected close recycles the connection. */
  guard(model: ChannelModel, channel: Channel, label: string): void {
    channel.on('error', (error: Error) => this.options.logger.warn({ channel: label, err: error }, 'channel error'));
    channel.on('close', () => {
      if (this.closing || this.current !== model) return;
      this.options.logger.warn({ channel: label }, 'channel closed; reconnecting');
      model.close().catch(() => undefined);
    });
  }

  /** Closes the connection that `model` belongs to; recovery then reconnects. */
  recycle(model: ChannelModel): void {
    if (!this.closing) model.close().catch(() => undefined);
  }

  ensureConnected(): void {
    if (!this.current) throw new BrokerUnavailableError(`${this.options.name}: the broker is not connected`);
  }

  /**
   * Closes `channels` first (which flushes their pending acks), then the connection, without reconnecting. A blocked
   * connection is not read by the broker, so a channel's close would never be answered: it goes down at once.
   */
  async close(channels: readonly Channel[] = []): Promise<void> {
    this.closing = true;
    if (!this.blocked) await Promise.allSettled(channels.map((channel) => channel.close()));
    this.current = undefined;
    await this.connection?.close().catch(() => undefined);
  }
}
