import { randomUUID } from 'node:crypto';
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
import { type RunningCatalog, startCatalog } from '../service';

export interface CatalogTestHost {
  service: RunningCatalog;
  /** `127.0.0.1:<port>` of the catalog's gRPC server. */
  grpcAddress: string;
  database: TestDatabase;
  vhost: TestVhost;
  /** Stands in for identity: its JWKS is what the catalog verifies tokens against. */
  issuer: TestTokenIssuer;
  /** `Authorization` of an admin, for the write routes. */
  admin: { authorization: string };
  /** A `client_credentials` token of the order service, as identity issues it (DESIGN §6). */
  serviceToken(scope?: string): Promise<string>;
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
  const service = await startCatalog(config, {
    logger,
    port: 0,
    grpcPort: 0,
    databaseUrl: database.url,
    rabbitmqUrl: vhost.url,
  });
  const adminToken = await issuer.sign({ sub: randomUUID(), role: 'admin', scope: 'shop.api' }, { expiresIn: 3600 });
  return {
    service,
    database,
    vhost,
    issuer,
    admin: { authorization: `Bearer ${adminToken}` },
    grpcAddress: `127.0.0.1:${service.grpc.port}`,
    serviceToken: (scope = 'catalog.products.read') =>
      issuer.sign({ sub: 'order-service', client_id: 'order-service', scope }, { expiresIn: 3600 }),
    stop: async () => {
      await service.stop();
      await Promise.all([database.drop(), vhost.drop(), issuer.stop()]);
    },
  };
}
