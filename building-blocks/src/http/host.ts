import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { NotFoundError } from '../errors';
import type { Mediator } from '../mediator';
import { fastifyTracing } from '../observability';
import { answerClientError } from './client-errors';
import type { Endpoint } from './endpoint';
import { createMetricsRegistry, registerHttpMetrics } from './metrics';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';
import { parseSwaggerDocuments, swaggerUiConfig } from './swagger-documents';

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HttpHostOptions {
  service: string;
  version: string;
  description: string;
  logger: Logger;
  mediator: Mediator;
  endpoints: readonly Endpoint[];
  readiness?: readonly ReadinessCheck[];
  bodyLimit?: number;
  /** Plugins registered before the endpoints (e.g. authentication). */
  plugins?: readonly ((app: FastifyInstance) => Promise<void> | void)[];
  /** Extra OpenAPI components (security schemes) for `/swagger/json`. */
  openApiComponents?: Record<string, unknown>;
  /** `SWAGGER_DOCUMENTS`: `name=url` pairs `/swagger` lists instead of its own document (e.g. behind a gateway). */
  swaggerDocuments?: string;
  /** The instance's registry, when the caller registers metrics of its own (messaging); created otherwise. */
  metrics?: Registry;
  /** True once the service is shutting down: `/health/ready` then answers 503 without running its checks. */
  shuttingDown?: () => boolean;
}

export interface HttpHost {
  app: FastifyInstance;
  metrics: Registry;
}

/**
 * The fastify host every service runs: problem details for every error (RFC 9457), `/swagger`, health, metrics and
 * a body-size limit. Request validation is the mediator's job, so fastify's own schema validation is switched off
 * and route schemas only document (and speed up serialization).
 */
export async function createHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request outcomes are logged by the mediator's logging behavior; fastify's per-request lines would double them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    return503OnClosing: true,
    ajv: { customOptions: { strict: false } },
    // Errors raised before routing (a malformed percent-encoding, a path parameter over the router's limit: 414)
    // are problem details too, with the status the problem carries.
    frameworkErrors: (error, request, reply) => {
      const problem = toProblem(error, request.url);
      return (reply as FastifyReply).code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
    },
    // Errors Node's HTTP parser raises before fastify sees a request (a URL or headers over 16 KiB).
    clientErrorHandler: answerClientError,
  });
  app.setValidatorCompiler(() => (value) => ({ value }));
  // The API speaks JSON only: without fastify's default text/plain parser, any other body is a 415 (RFC 9110 §15.5.16).
  app.removeContentTypeParser('text/plain');
  app.decorate('mediator', options.mediator);

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request.url);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(new NotFoundError(`No route ${request.method} ${request.url}`), request.url);
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  // Before any hook or route, so that everything a request runs happens inside its span; after the not-found
  // handler, which the tracing plugin would otherwise wrap in a span of its own.
  const tracing = fastifyTracing((error) => toProblem(error, '').status >= 500);
  if (tracing) await app.register(tracing);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: options.service, version: options.version, description: options.description },
      components: options.openApiComponents ?? {},
    },
  });
  const uiConfig = swaggerUiConfig(parseSwaggerDocuments(options.swaggerDocuments ?? ''));
  await app.register(swaggerUi, { routePrefix: '/swagger', ...(uiConfig ? { uiConfig } : {}) });

  const metrics = options.metrics ?? createMetricsRegistry(options.service);
  registerHttpMetrics(app, metrics);
  registerHealth(app, options);
  if (options.shuttingDown) closeConnectionsWhenShuttingDown(app, options.shuttingDown);
  for (const plugin of options.plugins ?? []) await plugin(app);
  for (const endpoint of options.endpoints) endpoint(app);
  await app.ready();
  return { app, metrics };
}

/**
 * Once shutting down, every response closes its keep-alive connection: clients reconnect elsewhere during the drain,
 * and `app.close()` does not wait for the connections of the requests it let finish to time out (72 s).
 */
function closeConnectionsWhenShuttingDown(app: FastifyInstance, shuttingDown: () => boolean): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown()) reply.header('connection', 'close');
    done(null, payload);
  });
}

function registerHealth(app: FastifyInstance, options: HttpHostOptions): void {
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, async () => ({ name: options.service, version: options.version }));
  app.get('/health/live', hidden, async () => ({ status: 'ok' }));
  app.get('/health/ready', hidden, async (request, reply) => {
    if (options.shuttingDown?.()) return reply.code(503).send({ status: 'shutting-down', checks: [] });
    const results = await Promise.all(
      (options.readiness ?? []).map(async ({ name, check }) => {
        try {
          await check();
          return { name, status: 'ok' };
        } catch (error) {
          request.log.warn({ check: name, err: error }, 'readiness check failed');
          return { name, status: 'failing' };
        }
      }),
    );
    const ready = results.every((result) => result.status === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: results });
  });
}
