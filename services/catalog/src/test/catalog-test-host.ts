import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@shop/building-blocks/testing';
import { loadCatalogConfig } from '../config';
import { startCatalog } from '../service';

export interface CatalogTestHost {
  service: RunningService;
  database: TestDatabase;
  vhost: TestVhost;
  stop(): Promise<void>;
}

/**
 * The real catalog on port 0 against its own fresh database and RabbitMQ vhost; `stop()` shuts it down and drops
 * both.
 */
export async function startCatalogForTest(): Promise<CatalogTestHost> {
  const [database, vhost] = await Promise.all([createTestDatabase('catalog'), createTestVhost('catalog')]);
  const config = loadCatalogConfig({ ...process.env, NODE_ENV: 'test' });
  const logger = createLogger({ service: 'catalog', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const service = await startCatalog(config, { logger, port: 0, databaseUrl: database.url, rabbitmqUrl: vhost.url });
  return {
    service,
    database,
    vhost,
    stop: async () => {
      await service.stop();
      await Promise.all([database.drop(), vhost.drop()]);
    },
  };
}
