import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { defaultTopology, dlqName, retryQueueName } from '@shop/building-blocks/messaging';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@shop/building-blocks/testing';
import { OrderCancelled, OrderPlaced, OrderRejected, StockReservationFailed, StockReserved } from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogConfig } from '../../services/catalog/src/config';
import { startCatalog } from '../../services/catalog/src/service';
import { loadOrderConfig } from '../../services/order/src/config';
import { startOrder } from '../../services/order/src/service';

// DESIGN §10: on a RabbitMQ cluster the queues are quorum queues, switched on by configuration alone.
describe('RABBITMQ_QUORUM_QUEUES=true', () => {
  let vhost: TestVhost;
  const databases: TestDatabase[] = [];
  const services: RunningService[] = [];
  beforeAll(async () => {
    // Given catalog and order configured from an environment that switches quorum queues on
    vhost = await createTestVhost('quorum');
    const [catalogDatabase, orderDatabase] = await Promise.all([
      createTestDatabase('catalog'),
      createTestDatabase('order'),
    ]);
    databases.push(catalogDatabase, orderDatabase);
    const env = { ...process.env, NODE_ENV: 'test', RABBITMQ_QUORUM_QUEUES: 'true' };
    const logger = (service: string) => createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    // When they start (their identity and gRPC peers are never called: tokens and channels are made on first use)
    services.push(
      await startCatalog(loadCatalogConfig(env), {
        logger: logger('catalog'),
        port: 0,
        grpcPort: 0,
        databaseUrl: catalogDatabase.url,
        rabbitmqUrl: vhost.url,
      }),
      await startOrder(loadOrderConfig(env), {
        logger: logger('order'),
        port: 0,
        databaseUrl: orderDatabase.url,
        rabbitmqUrl: vhost.url,
      }),
    );
  });
  afterAll(async () => {
    for (const service of services) await service.stop();
    await Promise.all([...databases.map((database) => database.drop()), vhost?.drop()]);
  });

  it('makes catalog and order declare every queue they consume from, its retries and its DLQ, as quorum queues', async () => {
    // Then each event they consume has their queue bound to its exchange
    const events = [OrderPlaced, OrderRejected, OrderCancelled, StockReserved, StockReservationFailed];
    const queues = (await Promise.all(events.map((event) => vhost.boundQueues(event.exchange)))).flat();
    expect(queues.sort()).toEqual(
      [
        'catalog.order-placed',
        'catalog.order-rejected',
        'catalog.order-cancelled',
        'order.stock-reserved',
        'order.stock-reservation-failed',
      ].sort(),
    );
    // And that queue, its retry queues and its DLQ are all quorum queues
    const declared = queues.flatMap((queue) => [
      queue,
      dlqName(queue),
      ...defaultTopology.retryDelaysMs.map((delayMs) => retryQueueName(queue, delayMs)),
    ]);
    for (const queue of declared) expect(await vhost.queue(queue), queue).toMatchObject({ type: 'quorum' });
  });
});
