import { authPlugin, createTokenVerifier, jwksUrlOf, openApiSecurity } from '@shop/building-blocks/auth';
import {
  CATALOG_SERVICE,
  ClientCredentialsTokenProvider,
  GrpcClient,
  IDENTITY_SERVICE,
  loadService,
  type ServiceTokenProvider,
} from '@shop/building-blocks/grpc';
import { type RunningService, startService } from '@shop/building-blocks/hosting';
import type { Logger } from '@shop/building-blocks/logging';
import type { OrderConfig } from './config';
import { GrpcCatalogProducts } from './downstream/catalog-products';
import { GrpcCustomers } from './downstream/customers';
import { orderFeatures } from './features';
import { OrderMetrics } from './orders/order-metrics';
import { OrderTokens } from './tokens';

export const ORDER_VERSION = '0.1.0';

export interface OrderOverrides {
  logger?: Logger;
  port?: number;
  databaseUrl?: string;
  rabbitmqUrl?: string;
  catalogAddress?: string;
  identityAddress?: string;
  /** The service token of the gRPC calls; by default fetched from identity with the order client's credentials. */
  tokens?: ServiceTokenProvider;
}

/** The order service's composition root: what `main.ts` starts, and what tests start on port 0. */
export function startOrder(config: OrderConfig, overrides: OrderOverrides = {}): Promise<RunningService> {
  const verifier = createTokenVerifier({
    jwksUrl: jwksUrlOf(config.IDENTITY_URL),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  return startService({
    name: 'order',
    version: ORDER_VERSION,
    description: 'Orders and their saga: placed here, stock reserved by catalog, confirmed or rejected.',
    host: config.HOST,
    port: overrides.port ?? config.ORDER_HTTP_PORT,
    logger: overrides.logger,
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    features: orderFeatures,
    database: { url: overrides.databaseUrl ?? config.ORDER_DATABASE_URL },
    messaging: { url: overrides.rabbitmqUrl ?? config.RABBITMQ_URL, quorumQueues: config.RABBITMQ_QUORUM_QUEUES },
    plugins: [authPlugin({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, verifier })],
    // The issuer is identity's public address: Swagger UI's Authorize posts there from the browser.
    openApiComponents: openApiSecurity(config.AUTH_ISSUER),
    swaggerDocuments: config.SWAGGER_DOCUMENTS,
    compose: ({ container, metrics }) => {
      const tokens =
        overrides.tokens ??
        new ClientCredentialsTokenProvider({
          tokenUrl: `${config.IDENTITY_URL.replace(/\/$/, '')}/connect/token`,
          clientId: config.ORDER_CLIENT_ID,
          clientSecret: config.ORDER_CLIENT_SECRET,
          scope: 'catalog.products.read identity.users.read',
        });
      const client = (service: { proto: string; name: string }, dependency: string, address: string) =>
        new GrpcClient(loadService(service.proto, service.name), {
          address,
          dependency,
          tokens,
          deadlineMs: config.ORDER_GRPC_DEADLINE_MS,
          metrics,
        });
      const catalog = client(CATALOG_SERVICE, 'catalog', overrides.catalogAddress ?? config.ORDER_CATALOG_GRPC_ADDRESS);
      const identity = client(
        IDENTITY_SERVICE,
        'identity',
        overrides.identityAddress ?? config.ORDER_IDENTITY_GRPC_ADDRESS,
      );
      container.registerInstance(OrderTokens.CatalogProducts, new GrpcCatalogProducts(catalog));
      container.registerInstance(OrderTokens.Customers, new GrpcCustomers(identity));
      container.registerInstance(OrderTokens.PendingDeadline, {
        timeoutMs: config.ORDER_PENDING_TIMEOUT_MS,
        intervalMs: config.ORDER_PENDING_SWEEP_INTERVAL_MS,
      });
      container.registerInstance(OrderTokens.IdempotencyTtlHours, config.ORDER_IDEMPOTENCY_TTL_HOURS);
      container.registerInstance(OrderMetrics, new OrderMetrics(metrics));
      return [
        {
          name: 'grpc-clients',
          start: async () => undefined,
          stop: async () => {
            catalog.close();
            identity.close();
          },
        },
      ];
    },
  });
}
