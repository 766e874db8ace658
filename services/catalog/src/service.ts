import { authPlugin, createTokenVerifier, jwksUrlOf, openApiSecurity } from '@shop/building-blocks/auth';
import type { GrpcServer } from '@shop/building-blocks/grpc';
import { type RunningService, startService } from '@shop/building-blocks/hosting';
import type { Logger } from '@shop/building-blocks/logging';
import type { CatalogConfig } from './config';
import { catalogFeatures } from './features';

export const CATALOG_VERSION = '0.1.0';

export interface CatalogOverrides {
  logger?: Logger;
  port?: number;
  /** gRPC port; 0 picks a free one (tests). */
  grpcPort?: number;
  databaseUrl?: string;
  /** AMQP URL, e.g. a test's own vhost. */
  rabbitmqUrl?: string;
}

export interface RunningCatalog extends RunningService {
  /** `CatalogService` (DESIGN §6); `grpc.port` is the bound port. */
  readonly grpc: GrpcServer;
}

/** The catalog's composition root: everything `main.ts` starts, and what integration tests start on port 0. */
export async function startCatalog(config: CatalogConfig, overrides: CatalogOverrides = {}): Promise<RunningCatalog> {
  // One verifier (one JWKS cache) for HTTP and gRPC: tokens are checked against identity's keys, no shared secret.
  const auth = { jwksUrl: jwksUrlOf(config.IDENTITY_URL), issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  const verifier = createTokenVerifier(auth);
  const service = await startService({
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
    // Write routes are admin-only (DESIGN §3).
    plugins: [authPlugin({ ...auth, verifier })],
    // The issuer is identity's public address: Swagger UI's Authorize posts there from the browser.
    openApiComponents: openApiSecurity(config.AUTH_ISSUER),
    swaggerDocuments: config.SWAGGER_DOCUMENTS,
    // Product events and the saga's stock events leave through the outbox; the consumers come from the slices.
    messaging: { url: overrides.rabbitmqUrl ?? config.RABBITMQ_URL, quorumQueues: config.RABBITMQ_QUORUM_QUEUES },
    // `CatalogService` (DESIGN §6) for the order service, with a service token.
    grpc: { host: config.HOST, port: overrides.grpcPort ?? config.CATALOG_GRPC_PORT, verifier },
  });
  const { grpc } = service;
  if (!grpc) {
    await service.stop();
    throw new Error('catalog started without its gRPC server');
  }
  return { ...service, grpc };
}
