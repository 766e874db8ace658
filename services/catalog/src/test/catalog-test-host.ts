import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { createTestDatabase, type TestDatabase } from '@shop/building-blocks/testing';
import { loadCatalogConfig } from '../config';
import { startCatalog } from '../service';

export interface CatalogTestHost {
  service: RunningService;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** The real catalog on port 0 against its own fresh database; `stop()` shuts it down and drops the database. */
export async function startCatalogForTest(): Promise<CatalogTestHost> {
  const database = await createTestDatabase('catalog');
  const config = loadCatalogConfig({ ...process.env, NODE_ENV: 'test' });
  const logger = createLogger({ service: 'catalog', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const service = await startCatalog(config, { logger, port: 0, databaseUrl: database.url });
  return {
    service,
    database,
    stop: async () => {
      await service.stop();
      await database.drop();
    },
  };
}
