import './instrumentation';
import { runService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { loadOrderConfig } from './config';
import { startOrder } from './service';

const config = loadOrderConfig();
const logger = createLogger({ service: 'order', level: config.LOG_LEVEL });

void runService(() => startOrder(config, { logger }), {
  logger,
  dependencies: { PostgreSQL: config.ORDER_DATABASE_URL, RabbitMQ: config.RABBITMQ_URL },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  shutdownDrainMs: config.SHUTDOWN_DRAIN_MS,
});
