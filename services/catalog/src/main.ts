import './instrumentation';
import { runService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { loadCatalogConfig } from './config';
import { startCatalog } from './service';

const config = loadCatalogConfig();
const logger = createLogger({ service: 'catalog', level: config.LOG_LEVEL });

void runService(() => startCatalog(config, { logger }), {
  logger,
  dependencies: { PostgreSQL: config.CATALOG_DATABASE_URL, RabbitMQ: config.RABBITMQ_URL },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  shutdownDrainMs: config.SHUTDOWN_DRAIN_MS,
});
