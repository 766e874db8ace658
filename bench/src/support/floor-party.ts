import { type ChannelModel, type ConfirmChannel, type ConsumeMessage, connect } from 'amqplib';
import pg from 'pg';

// The raw pg + amqplib pieces the cost floor (saga-floor.ts) is built of: the same pool size and prefetch as the
// services' defaults, and rows written in the services' own outbox and inbox tables.
export const POOL_SIZE = 10;
const PREFETCH = 20;

export async function transaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function addToOutbox(client: pg.PoolClient, messageId: string, exchange: string, payload: object) {
  return client.query(
    `INSERT INTO messaging_outbox (message_id, exchange, type, version, payload, headers, correlation_id)
     VALUES ($1, $2, $3, 1, $4, $5, $6)`,
    [messageId, exchange, exchange, JSON.stringify(payload), { 'event-version': 1 }, messageId],
  );
}

export function addToInbox(client: pg.PoolClient, message: ConsumeMessage, consumer: string) {
  return client.query(
    'INSERT INTO messaging_inbox (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id',
    [String(message.properties.messageId), consumer],
  );
}

/** One publisher (a confirm channel) and one consumer channel per floor "service", as each service has its own. */
export class FloorParty {
  private constructor(
    readonly pool: pg.Pool,
    private readonly connection: ChannelModel,
    private readonly publisher: ConfirmChannel,
  ) {}

  static async open(url: string, databaseUrl: string, exchanges: string[], nagle: boolean): Promise<FloorParty> {
    const connection = await connect(url, { noDelay: !nagle });
    const publisher = await connection.createConfirmChannel();
    for (const exchange of exchanges) await publisher.assertExchange(exchange, 'fanout');
    return new FloorParty(new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE }), connection, publisher);
  }

  /** Publishes and waits for the broker's confirm. */
  async publish(exchange: string, messageId: string, payload: object): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.publisher.publish(
        exchange,
        '',
        Buffer.from(JSON.stringify(payload)),
        {
          messageId,
          type: exchange,
          timestamp: Math.floor(Date.now() / 1000),
          contentType: 'application/json',
          persistent: true,
        },
        (error: unknown) => (error ? reject(error) : resolve()),
      );
    });
  }

  /** Consumes `exchange` on a durable queue with bounded prefetch; `handle` acks once its transaction committed. */
  async consume(
    exchange: string,
    queue: string,
    handle: (message: ConsumeMessage, ack: () => void) => Promise<void>,
    fail: (error: Error) => void,
  ): Promise<void> {
    const channel = await this.connection.createChannel();
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '');
    await channel.prefetch(PREFETCH);
    await channel.consume(queue, (message) => {
      if (message) handle(message, () => channel.ack(message)).catch(fail);
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
    await this.pool.end();
  }
}
