import './instrumentation';
import { runService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { loadIdentityConfig } from './config';
import { startIdentity } from './service';

const config = loadIdentityConfig();
const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });

void runService(() => startIdentity(config, { logger }), {
  logger,
  dependencies: {
    PostgreSQL: config.IDENTITY_DATABASE_URL,
    RabbitMQ: config.RABBITMQ_URL,
    Redis: config.REDIS_URL,
  },
  shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  shutdownDrainMs: config.SHUTDOWN_DRAIN_MS,
});
