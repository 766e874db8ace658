import { randomBytes } from 'node:crypto';

const amqpServer = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const managementServer = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

export interface TestVhost {
  readonly name: string;
  /** AMQP URL of the vhost, for `messaging.url`. */
  readonly url: string;
  /** Closes every client connection of the vhost, as a broker restart would; returns how many it closed. */
  closeConnections(): Promise<number>;
  /** The vhost's client connections as the broker lists them. */
  connections(): Promise<{ name: string; client_properties?: { connection_name?: string } }[]>;
  /** A queue as the management API describes it (type, durable, arguments, ...). */
  queue(name: string): Promise<unknown>;
  /** The queues bound to an exchange, read from the broker's metadata (no statistics delay, unlike `consumers`). */
  boundQueues(exchange: string): Promise<string[]>;
  drop(): Promise<void>;
}

/**
 * A fresh RabbitMQ vhost for one test (DESIGN §9: own queue names, cleaned up after), made through the management
 * HTTP API (`rabbitmq-plugins enable rabbitmq_management`). Exchanges and queues keep their production names.
 */
export async function createTestVhost(prefix: string): Promise<TestVhost> {
  const name = `shop-test-${prefix}-${randomBytes(5).toString('hex')}`;
  const vhost = encodeURIComponent(name);
  await management('PUT', `/api/vhosts/${vhost}`);
  const user = new URL(managementServer).username || 'guest';
  await management('PUT', `/api/permissions/${vhost}/${encodeURIComponent(user)}`, {
    configure: '.*',
    write: '.*',
    read: '.*',
  });
  const url = `${amqpServer.replace(/\/$/, '')}/${vhost}`;
  const connections = async () =>
    (await management('GET', `/api/vhosts/${vhost}/connections`)) as {
      name: string;
      client_properties?: { connection_name?: string };
    }[];
  return {
    name,
    url,
    connections,
    closeConnections: async () => {
      const open = await connections();
      await Promise.all(
        open.map(({ name: connection }) =>
          management('DELETE', `/api/connections/${encodeURIComponent(connection)}`).catch(() => undefined),
        ),
      );
      return open.length;
    },
    queue: (queue: string) => management('GET', `/api/queues/${vhost}/${encodeURIComponent(queue)}`),
    boundQueues: async (exchange: string) => {
      const bindings = (await management(
        'GET',
        `/api/exchanges/${vhost}/${encodeURIComponent(exchange)}/bindings/source`,
      )) as { destination: string; destination_type: string }[];
      return bindings.filter((binding) => binding.destination_type === 'queue').map((binding) => binding.destination);
    },
    drop: async () => void (await management('DELETE', `/api/vhosts/${vhost}`).catch(() => undefined)),
  };
}

async function management(method: string, path: string, body?: unknown): Promise<unknown> {
  const server = new URL(managementServer);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`).toString('base64')}`;
  const response = await fetch(`${server.protocol}//${server.host}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json', 'x-reason': 'test cleanup' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`RabbitMQ management ${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}
