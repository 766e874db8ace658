import { randomUUID } from 'node:crypto';
import type { ConsumeMessage } from 'amqplib';
import pg from 'pg';
import { addToInbox, addToOutbox, FloorParty, POOL_SIZE, transaction } from './floor-party.js';
import type { Placement } from './saga-load.js';
import { SHIPPING_ADDRESS } from './saga-orders.js';
import { SagaOutcomes } from './saga-outcomes.js';

// The cost floor of one order's saga: the Postgres transactions and broker round trips the saga cannot do without,
// with no service code around them (no HTTP, gRPC, mediator, TypeORM, tracing, outbox dispatcher), in raw `pg` and
// `amqplib`, on databases migrated by the services' own CLI. Per order, one after the other: the price and customer
// reads, the order's transaction (order + outbox row), publish with confirm -> consume, catalog's transaction
// (inbox, reservation, product rows locked and moved, outbox), publish -> consume, order's confirming transaction
// (inbox, locked update, outbox), publish -> consume. Consumers commit before they ack. Left out, as the services'
// own mechanism rather than the saga's work: the dispatcher's claim-and-mark-sent transaction and pg_notify.
const EXCHANGES = {
  placed: 'bench-floor.order-placed',
  reserved: 'bench-floor.stock-reserved',
  confirmed: 'bench-floor.order-confirmed',
};

export interface FloorLine {
  productId: string;
  quantity: number;
}

export interface FloorOptions {
  rabbitmqUrl: string;
  orderDatabaseUrl: string;
  catalogDatabaseUrl: string;
  /** The users are read from identity's database, as identity's GetUser does. */
  identityDatabaseUrl: string;
  /**
   * Leave Nagle's algorithm on for the broker sockets (amqplib's default, `noDelay: false`): a diagnosis of what it
   * costs. The floor itself sends each frame at once.
   */
  nagle?: boolean;
}

/** The floor's three steps: order placed (order), stock reserved (catalog), order confirmed (order). */
export class SagaFloor {
  private constructor(
    private readonly order: FloorParty,
    private readonly catalog: FloorParty,
    private readonly identity: pg.Pool,
    private readonly outcomes: SagaOutcomes,
  ) {}

  static async start(options: FloorOptions): Promise<SagaFloor> {
    const nagle = options.nagle ?? false;
    const exchanges = Object.values(EXCHANGES);
    const order = await FloorParty.open(options.rabbitmqUrl, options.orderDatabaseUrl, exchanges, nagle);
    const catalog = await FloorParty.open(options.rabbitmqUrl, options.catalogDatabaseUrl, exchanges, nagle);
    const identity = new pg.Pool({ connectionString: options.identityDatabaseUrl, max: POOL_SIZE });
    const outcomes = await SagaOutcomes.bind(options.rabbitmqUrl, EXCHANGES.confirmed);
    const floor = new SagaFloor(order, catalog, identity, outcomes);
    const fail = (error: Error) => outcomes.abort(error);
    await catalog.consume(
      EXCHANGES.placed,
      'bench-floor-catalog.order-placed',
      (m, ack) => floor.reserve(m, ack),
      fail,
    );
    await order.consume(
      EXCHANGES.reserved,
      'bench-floor-order.stock-reserved',
      (m, ack) => floor.confirm(m, ack),
      fail,
    );
    return floor;
  }

  /** Step 1, what `POST /api/v1/orders` does: read prices and the customer's name, then order + outbox row. */
  async place(customerId: string, lines: readonly FloorLine[]): Promise<Placement> {
    const ids = lines.map((line) => line.productId);
    const [products, users] = await Promise.all([
      this.catalog.pool.query('SELECT id, name, price_cents FROM products WHERE id = ANY($1::uuid[])', [ids]),
      this.identity.query('SELECT first_name, last_name FROM users WHERE id = $1', [customerId]),
    ]);
    const prices = new Map(products.rows.map((row) => [String(row.id), Number(row.price_cents)]));
    const items = lines.map((line) => ({ ...line, unitPriceCents: prices.get(line.productId) ?? 0 }));
    const total = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
    const [user] = users.rows;
    const orderId = randomUUID();
    const messageId = randomUUID();
    const payload = { orderId, customerId, items: lines, total: total / 100, placedAt: new Date().toISOString() };
    await transaction(this.order.pool, async (client) => {
      await client.query(
        `INSERT INTO orders (id, customer_id, customer_name, items, total_cents, shipping_address, status, version)
         VALUES ($1, $2, $3, $4, $5, $6, 'Pending', 1)`,
        [orderId, customerId, `${user?.first_name} ${user?.last_name}`, JSON.stringify(items), total, SHIPPING_ADDRESS],
      );
      await addToOutbox(client, messageId, EXCHANGES.placed, payload);
    });
    const answeredAt = performance.now();
    await this.order.publish(EXCHANGES.placed, messageId, payload);
    return { answeredAt, confirmedAt: this.outcomes.waitFor(orderId) };
  }

  /** Step 2, catalog: inbox row, the order's reservation row, product rows locked in id order and moved, outbox. */
  private async reserve(message: ConsumeMessage, ack: () => void): Promise<void> {
    const { orderId, items } = JSON.parse(message.content.toString('utf8')) as { orderId: string; items: FloorLine[] };
    const lines = [...items].sort((a, b) => (a.productId < b.productId ? -1 : 1));
    const ids = lines.map((line) => line.productId);
    const quantities = lines.map((line) => line.quantity);
    const messageId = randomUUID();
    const payload = { orderId, items: lines, reservedAt: new Date().toISOString() };
    await transaction(this.catalog.pool, async (client) => {
      await addToInbox(client, message, 'catalog.order-placed');
      await client.query(
        `INSERT INTO reservation_orders (order_id, status) VALUES ($1, 'reserved')
         ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
        [orderId],
      );
      await client.query('SELECT * FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
      await client.query(
        `UPDATE products AS p SET available_stock = p.available_stock - l.quantity,
           reserved_stock = p.reserved_stock + l.quantity, version = p.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS l (id, quantity) WHERE p.id = l.id`,
        [ids, quantities],
      );
      await client.query(
        `INSERT INTO stock_reservations (order_id, product_id, quantity)
         SELECT $1, product_id, quantity FROM unnest($2::uuid[], $3::int[]) AS line (product_id, quantity)`,
        [orderId, ids, quantities],
      );
      await addToOutbox(client, messageId, EXCHANGES.reserved, payload);
    });
    ack();
    await this.catalog.publish(EXCHANGES.reserved, messageId, payload);
  }

  /** Step 3, order: inbox row, the order locked and confirmed over its version, outbox. */
  private async confirm(message: ConsumeMessage, ack: () => void): Promise<void> {
    const { orderId } = JSON.parse(message.content.toString('utf8')) as { orderId: string };
    const messageId = randomUUID();
    const payload = { orderId, confirmedAt: new Date().toISOString() };
    await transaction(this.order.pool, async (client) => {
      await addToInbox(client, message, 'order.stock-reserved');
      const { rows } = await client.query('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
      await client.query(
        `UPDATE orders SET status = 'Confirmed', version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2`,
        [orderId, rows[0]?.version],
      );
      await addToOutbox(client, messageId, EXCHANGES.confirmed, payload);
    });
    ack();
    await this.order.publish(EXCHANGES.confirmed, messageId, payload);
  }

  async stop(): Promise<void> {
    await this.outcomes.close();
    await this.order.close();
    await this.catalog.close();
    await this.identity.end();
  }
}
