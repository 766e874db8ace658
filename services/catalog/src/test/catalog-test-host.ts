import { randomUUID } from 'node:crypto';
import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import {
  createTestDatabase,
  createTestVhost,
  startTestTokenIssuer,
  type TestDatabase,
  type TestTokenIssuer,
  type TestVhost,
} from '@shop/building-blocks/testing';
import { loadCatalogConfig } from '../config';
import { startCatalog } from '../service';

export interface CatalogTestHost {
  service: RunningService;
  database: TestDatabase;
  vhost: TestVhost;
  /** Stands in for identity: its JWKS is what the catalog verifies tokens against. */
  issuer: TestTokenIssuer;
  /** `Authorization` of an admin, for the write routes. */
  admin: { authorization: string };
  stop(): Promise<void>;
}

/**
 * The real catalog on port 0 against its own fresh database and RabbitMQ vhost; `stop()` shuts it down and drops
 * both.
 */
export async function startCatalogForTest(): Promise<CatalogTestHost> {
  const [database, vhost, issuer] = await Promise.all([
    createTestDatabase('catalog'),
    createTestVhost('catalog'),
    startTestTokenIssuer(),
  ]);
  const config = loadCatalogConfig({
    ...process.env,
    NODE_ENV: 'test',
    IDENTITY_URL: issuer.url,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
  });
  const logger = createLogger({ service: 'catalog', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const service = await startCatalog(config, { logger, port: 0, databaseUrl: database.url, rabbitmqUrl: vhost.url });
  const adminToken = await issuer.sign({ sub: randomUUID(), role: 'admin', scope: 'shop.api' }, { expiresIn: 3600 });
  return {
    service,
    database,
    vhost,
    issuer,
    admin: { authorization: `Bearer ${adminToken}` },
    stop: async () => {
      await service.stop();
      await Promise.all([database.drop(), vhost.drop(), issuer.stop()]);
    },
  };
}
