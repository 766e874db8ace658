import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createContainer, type DependencyContainer, Tokens } from '../container';
import { createHttpHost, createMetricsRegistry, type Endpoint, type ReadinessCheck } from '../http';
import { createLogger } from '../logging';
import { LoggingBehavior, Mediator, TracingBehavior, ValidationBehavior } from '../mediator';
import { createMessaging, type MessagingOptions } from '../messaging';
import { type DatabaseOptions, DbContext, openDatabase, UnitOfWorkBehavior } from '../persistence';

/** Something that runs beside the HTTP host (a consumer, the outbox dispatcher) and stops with it. */
export interface BackgroundComponent {
  readonly name: string;
  start(): Promise<void>;
  /** Stop taking work, finish what is in flight, release resources. */
  stop(): Promise<void>;
  ready?(): Promise<void>;
}

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
  database: DatabaseOptions;
  endpoints: readonly Endpoint[];
  bodyLimit?: number;
  /** Registers the service's own dependencies and returns its background components. */
  compose?: (context: ServiceContext) => Promise<readonly BackgroundComponent[]> | readonly BackgroundComponent[];
  plugins?: readonly ((app: FastifyInstance) => Promise<void> | void)[];
  openApiComponents?: Record<string, unknown>;
  /** Outbox dispatcher and consumers on RabbitMQ; the service appends `messagingMigrations` to its migrations. */
  messaging?: MessagingOptions;
}

export interface RunningService extends ServiceContext {
  readonly app: FastifyInstance;
  /** Base URL the HTTP host listens on, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The composition every service shares: logger, database (created + migrated), container, mediator, HTTP host. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ service: options.name, level: options.logLevel });
  const dataSource = await openDatabase(options.database);
  const container = createContainer();
  const db = new DbContext(dataSource);
  container.registerInstance(Tokens.Logger, logger);
  container.registerInstance(Tokens.DataSource, dataSource);
  container.registerInstance(DbContext, db);
  const mediator = new Mediator(container, [
    new TracingBehavior(),
    new LoggingBehavior(logger),
    new ValidationBehavior(),
    new UnitOfWorkBehavior(db),
  ]);
  container.registerInstance(Mediator, mediator);
  const metrics = createMetricsRegistry(options.name);
  const context: ServiceContext = { container, logger, dataSource, db, mediator, metrics };
  const messaging = options.messaging ? createMessagingComponents(options, context) : [];
  // Messaging first: it starts before and stops after the service's own components (whose work may add events).
  const components = [...messaging, ...((await options.compose?.(context)) ?? [])];

  const readiness: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
    ...components.flatMap((component) => {
      const ready = component.ready?.bind(component);
      return ready ? [{ name: component.name, check: ready }] : [];
    }),
  ];
  const { app } = await createHttpHost({
    service: options.name,
    version: options.version,
    description: options.description,
    logger,
    mediator,
    endpoints: options.endpoints,
    readiness,
    bodyLimit: options.bodyLimit,
    plugins: options.plugins,
    openApiComponents: options.openApiComponents,
    metrics,
  });
  for (const component of components) await component.start();
  const url = await app.listen({ host: options.host, port: options.port });
  logger.info({ url }, `${options.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Stop taking requests first (in-flight ones finish), then background work, then the database.
      await app.close();
      for (const component of [...components].reverse()) await component.stop();
      await dataSource.destroy();
      logger.info(`${options.name} stopped`);
    })();
    return stopping;
  };
  return { ...context, app, url, stop };
}

function createMessagingComponents(options: ServiceOptions, context: ServiceContext): BackgroundComponent[] {
  if (!options.messaging) return [];
  const { dispatcher, consumers } = createMessaging(options.messaging, {
    ...context,
    service: options.name,
    databaseUrl: options.database.url,
  });
  return consumers ? [dispatcher, consumers] : [dispatcher];
}
