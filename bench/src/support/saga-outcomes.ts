import { type Channel, type ChannelModel, type ConsumeMessage, connect } from 'amqplib';

/** How long an order may take from placement to its outcome before the run counts it as lost. */
const OUTCOME_TIMEOUT_MS = 30_000;

interface Waiter {
  resolve(arrivedAt: number): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Sees the end of each order's saga as a third party does: a queue of its own bound to the outcome exchanges, the
 * arrival time of each event taken on this process' clock (`performance.now()`). Polling the HTTP API instead would
 * add load and round the latency up to the polling interval. Arrivals before `waitFor` (the event can overtake the
 * HTTP answer) are kept until asked for.
 */
export class SagaOutcomes {
  private readonly arrived = new Map<string, number>();
  private readonly refused = new Map<string, string>();
  private readonly waiting = new Map<string, Waiter>();
  private failure: Error | undefined;

  private constructor(private readonly connection: ChannelModel) {}

  /** Binds to `confirmedExchange` and, when given, `rejectedExchange` (an order that should have been confirmed). */
  static async bind(url: string, confirmedExchange: string, rejectedExchange?: string): Promise<SagaOutcomes> {
    const connection = await connect(url, { noDelay: true });
    const outcomes = new SagaOutcomes(connection);
    const channel = await connection.createChannel();
    await outcomes.consume(channel, confirmedExchange, (orderId) => outcomes.confirm(orderId));
    if (rejectedExchange) {
      await outcomes.consume(channel, rejectedExchange, (orderId, reason) => outcomes.refuse(orderId, reason));
    }
    return outcomes;
  }

  /** Resolves to the arrival time of the order's confirmation; rejects if it was rejected or never came. */
  waitFor(orderId: string): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    const arrivedAt = this.arrived.get(orderId);
    if (arrivedAt !== undefined) {
      this.arrived.delete(orderId);
      return Promise.resolve(arrivedAt);
    }
    const reason = this.refused.get(orderId);
    if (reason !== undefined) return Promise.reject(new Error(`order ${orderId} was rejected: ${reason}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(orderId);
        reject(new Error(`order ${orderId} was not confirmed within ${OUTCOME_TIMEOUT_MS} ms`));
      }, OUTCOME_TIMEOUT_MS);
      this.waiting.set(orderId, { resolve, reject, timer });
    });
  }

  /** Fails every order waited for now or later: a step of the saga broke, and none of them will finish. */
  abort(error: Error): void {
    this.failure ??= error;
    for (const [orderId, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      this.waiting.delete(orderId);
      waiter.reject(error);
    }
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async consume(
    channel: Channel,
    exchange: string,
    onEvent: (orderId: string, reason: string) => void,
  ): Promise<void> {
    await channel.assertExchange(exchange, 'fanout', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, '');
    await channel.consume(
      queue,
      (message: ConsumeMessage | null) => {
        if (!message) return;
        const payload = JSON.parse(message.content.toString('utf8')) as { orderId: string; reason?: string };
        onEvent(payload.orderId, payload.reason ?? '');
      },
      { noAck: true },
    );
  }

  private confirm(orderId: string): void {
    const arrivedAt = performance.now();
    const waiter = this.waiting.get(orderId);
    if (!waiter) {
      this.arrived.set(orderId, arrivedAt);
      return;
    }
    clearTimeout(waiter.timer);
    this.waiting.delete(orderId);
    waiter.resolve(arrivedAt);
  }

  private refuse(orderId: string, reason: string): void {
    const waiter = this.waiting.get(orderId);
    if (!waiter) {
      this.refused.set(orderId, reason);
      return;
    }
    clearTimeout(waiter.timer);
    this.waiting.delete(orderId);
    waiter.reject(new Error(`order ${orderId} was rejected: ${reason}`));
  }
}
