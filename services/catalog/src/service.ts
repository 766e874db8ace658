import { authPlugin, jwksUrlOf, openApiSecurity } from '@shop/building-blocks/auth';
import { type RunningService, startService } from '@shop/building-blocks/hosting';
import type { Logger } from '@shop/building-blocks/logging';
import type { CatalogConfig } from './config';
import { catalogFeatures } from './features';

export const CATALOG_VERSION = '0.1.0';

export interface CatalogOverrides {
  logger?: Logger;
  port?: number;
  databaseUrl?: string;
  /** AMQP URL, e.g. a test's own vhost. */
  rabbitmqUrl?: string;
}

/** The catalog's composition root: everything `main.ts` starts, and what integration tests start on port 0. */
export function startCatalog(config: CatalogConfig, overrides: CatalogOverrides = {}): Promise<RunningService> {
  return startService({
    name: 'catalog',
    version: CATALOG_VERSION,
    description: 'Products and stock. Reserves stock for orders.',
    host: config.HOST,
    port: overrides.port ?? config.CATALOG_HTTP_PORT,
    logger: overrides.logger,
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    features: catalogFeatures,
    database: { url: overrides.databaseUrl ?? config.CATALOG_DATABASE_URL },
    // Write routes are admin-only: tokens are verified against identity's JWKS, no shared secret (DESIGN §3).
    plugins: [
      authPlugin({
        jwksUrl: jwksUrlOf(config.IDENTITY_URL),
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      }),
    ],
    openApiComponents: openApiSecurity(config.IDENTITY_URL),
    // Publishes ProductCreated/Updated/Deleted through the outbox; consumers come from the features' slices.
    messaging: { url: overrides.rabbitmqUrl ?? config.RABBITMQ_URL },
  });
}
