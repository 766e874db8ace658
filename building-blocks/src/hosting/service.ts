import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { TokenVerifier } from '../auth';
import { createContainer, type DependencyContainer, Tokens } from '../container';
import { GrpcServer, loadService } from '../grpc';
import { createHttpHost, createMetricsRegistry, type ReadinessCheck } from '../http';
import { createLogger } from '../logging';
import { LoggingBehavior, Mediator, TracingBehavior, ValidationBehavior } from '../mediator';
import { createMessaging, type MessagingOptions, messagingFeature } from '../messaging';
import { DbContext, openDatabase, UnitOfWorkBehavior } from '../persistence';
import type { BackgroundComponent } from './component';
import { type AssembledFeatures, assembleFeatures, databaseOf, type Feature, type GrpcMethods } from './feature';

export interface ServiceContext {
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly db: DbContext;
  readonly mediator: Mediator;
  /** The instance's Prometheus registry, served at `/metrics`. */
  readonly metrics: Registry;
}

export interface ServiceOptions {
  name: string;
  version: string;
  description: string;
  host: string;
  port: number;
  logger?: Logger;
  logLevel?: string;
  /** The service's features: their entities, migrations, handlers, endpoints, consumers and gRPC methods. */
  features: readonly Feature[];
  database: { url: string; poolSize?: number };
  bodyLimit?: number;
  /** Registers the service's own dependencies and returns its background components. */
  compose?: (context: ServiceContext) => Promise<readonly BackgroundComponent[]> | readonly BackgroundComponent[];
  plugins?: readonly ((app: FastifyInstance) => Promise<void> | void)[];
  openApiComponents?: Record<string, unknown>;
  /** `SWAGGER_DOCUMENTS`: the documents `/swagger` lists instead of the service's own. */
  swaggerDocuments?: string;
  /** Outbox dispatcher and the features' consumers on RabbitMQ; the features must include `messagingFeature`. */
  messaging?: Omit<MessagingOptions, 'consumers'>;
  /** Where the gRPC server listens and how it authenticates callers; required when a slice declares gRPC methods. */
  grpc?: { host?: string; port: number; verifier: TokenVerifier };
}

export interface RunningService extends ServiceContext {
  readonly app: FastifyInstance;
  /** Base URL the HTTP host listens on, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  /** The gRPC server, when a slice declares gRPC methods; `grpc.port` is the bound port. */
  readonly grpc?: GrpcServer;
  stop(options?: StopOptions): Promise<void>;
}

export interface StopOptions {
  /**
   * How long to keep serving after `/health/ready` turns 503, so that load balancers take the instance out before
   * it stops taking requests (a rolling update drops none, DESIGN §10). Default 0.
   */
  drainMs?: number;
}

/** The composition every service shares: logger, database (created + migrated), container, mediator, HTTP host. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const features = assembleFeatures(options.features);
  if (options.messaging && !options.features.includes(messagingFeature)) {
    throw new Error(`${options.name} uses messaging, so its features must include messagingFeature (outbox, inbox)`);
  }
  if (features.grpc.length > 0 && !options.grpc) {
    throw new Error(`${options.name} declares gRPC methods but was started without grpc options (port, verifier)`);
  }
  const logger = options.logger ?? createLogger({ service: options.name, level: options.logLevel });
  const dataSource = await openDatabase({ ...databaseOf(options.database.url, options.features), ...options.database });
  const container = createContainer();
  const db = new DbContext(dataSource);
  container.registerInstance(Tokens.Logger, logger);
  container.registerInstance(Tokens.DataSource, dataSource);
  container.registerInstance(DbContext, db);
  const mediator = new Mediator(
    container,
    [new TracingBehavior(), new LoggingBehavior(logger), new ValidationBehavior(), new UnitOfWorkBehavior(db)],
    features.handlers,
  );
  container.registerInstance(Mediator, mediator);
  const metrics = createMetricsRegistry(options.name);
  const context: ServiceContext = { container, logger, dataSource, db, mediator, metrics };
  const messaging = createMessagingComponents(options, features, context);
  const own = (await options.compose?.(context)) ?? [];
  // Every handler is built now: a missing dependency stops the start with the handler's name, not a request.
  mediator.resolveHandlers();
  const grpc = options.grpc && createGrpcServer(options.grpc, features.grpc, context);
  const jobs = features.jobs.map((build) => build(context));
  // Messaging first: it starts before and stops after the service's own components (whose work may add events).
  const components = [...messaging, ...own, ...jobs, ...(grpc ? [grpc] : [])];

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
    ...components.flatMap((component) => {
      const ready = component.ready?.bind(component);
      return ready ? [{ name: component.name, check: ready }] : [];
    }),
  ];
  let shuttingDown = false;
  const { app } = await createHttpHost({
    service: options.name,
    version: options.version,
    description: options.description,
    logger,
    mediator,
    endpoints: features.endpoints,
    readiness,
    bodyLimit: options.bodyLimit,
    plugins: options.plugins,
    openApiComponents: options.openApiComponents,
    swaggerDocuments: options.swaggerDocuments,
    metrics,
    shuttingDown: () => shuttingDown,
  });
  for (const component of components) await component.start();
  const url = await app.listen({ host: options.host, port: options.port });
  logger.info({ url }, `${options.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = ({ drainMs = 0 }: StopOptions = {}) => {
    stopping ??= (async () => {
      // Readiness fails at once; requests are still served while the load balancers notice. Then stop taking
      // requests (in-flight ones finish, new ones get 503), then background work, then the database.
      shuttingDown = true;
      if (drainMs > 0) {
        logger.info({ drainMs }, `${options.name} draining: not ready, still serving`);
        await sleep(drainMs);
      }
      await app.close();
      for (const component of [...components].reverse()) await component.stop();
      await dataSource.destroy();
      logger.info(`${options.name} stopped`);
    })();
    return stopping;
  };
  return { ...context, app, url, grpc, stop };
}

function createMessagingComponents(
  options: ServiceOptions,
  features: AssembledFeatures,
  context: ServiceContext,
): BackgroundComponent[] {
  if (!options.messaging) {
    if (features.consumers.length > 0) throw new Error(`${options.name} has consumers but no messaging options`);
    return [];
  }
  const { dispatcher, consumers } = createMessaging(
    { ...options.messaging, consumers: features.consumers },
    {
      ...context,
      service: options.name,
      databaseUrl: options.database.url,
    },
  );
  return consumers ? [dispatcher, consumers] : [dispatcher];
}

/** One gRPC server for every method the slices declare, grouped by service (one scope per service). */
function createGrpcServer(
  settings: NonNullable<ServiceOptions['grpc']>,
  declared: readonly GrpcMethods[],
  context: ServiceContext,
): GrpcServer | undefined {
  if (declared.length === 0) return undefined;
  const server = new GrpcServer({
    host: settings.host ?? '0.0.0.0',
    port: settings.port,
    logger: context.logger,
    verifier: settings.verifier,
  });
  const byService = new Map<string, GrpcMethods[]>();
  for (const part of declared) byService.set(part.service.name, [...(byService.get(part.service.name) ?? []), part]);
  for (const [name, parts] of byService) {
    const [first] = parts;
    if (!first) continue;
    if (parts.some((part) => part.scope !== first.scope)) {
      throw new Error(`gRPC service ${name} is declared with several scopes; one scope per service`);
    }
    const handlers = Object.fromEntries(
      parts.flatMap((part) => Object.entries(part.methods).map(([method, build]) => [method, build(context.mediator)])),
    );
    server.addService(name, loadService(first.service.proto, name).service, handlers, first.scope);
  }
  return server;
}
