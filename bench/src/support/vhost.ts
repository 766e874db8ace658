import { randomBytes } from 'node:crypto';

const amqpServer = process.env.BENCH_RABBITMQ_URL ?? process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const managementServer = process.env.BENCH_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

export interface BenchVhost {
  /** AMQP URL of the vhost, for the services' RABBITMQ_URL. */
  url: string;
  drop(): Promise<void>;
}

async function management(method: string, path: string, body?: unknown): Promise<void> {
  const server = new URL(managementServer);
  const credentials = `${decodeURIComponent(server.username)}:${decodeURIComponent(server.password)}`;
  const response = await fetch(`${server.protocol}//${server.host}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`RabbitMQ management ${method} ${path}: ${response.status} ${await response.text()}`);
}

/**
 * A fresh RabbitMQ vhost, made through the management API, so that the services declare their production
 * exchanges and queues without meeting anyone else's; `drop()` removes it with everything in it. The bench build
 * cannot use `@shop/building-blocks/testing` (`createTestVhost`): that block is source-only, left out of its dist.
 */
export async function createBenchVhost(prefix: string): Promise<BenchVhost> {
  const name = encodeURIComponent(`shop-${prefix}-${randomBytes(5).toString('hex')}`);
  await management('PUT', `/api/vhosts/${name}`);
  const user = encodeURIComponent(new URL(managementServer).username || 'guest');
  await management('PUT', `/api/permissions/${name}/${user}`, { configure: '.*', write: '.*', read: '.*' });
  return {
    url: `${amqpServer.replace(/\/$/, '')}/${name}`,
    drop: () => management('DELETE', `/api/vhosts/${name}`).catch(() => undefined),
  };
}
