import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, onErrorHookHandler, RouteOptions } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

export interface TelemetryOptions {
  /** OTLP/HTTP endpoint (Jaeger accepts OTLP); empty keeps spans in-process only, for trace ids in logs. */
  endpoint?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

/** The server side of HTTP, once telemetry has started; the HTTP host registers its plugin first. */
let fastifyInstrumentation: FastifyOtelInstrumentation | undefined;

/**
 * Starts OpenTelemetry for a service: HTTP and Postgres instrumentation, W3C trace-context propagation, and OTLP
 * export when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Must run before the instrumented modules are loaded. Incoming
 * requests are traced by fastify's own instrumentation (`fastifyTracing()`, registered by the HTTP host), outgoing
 * ones by Node's http instrumentation.
 */
export function startTelemetry(serviceName: string, options: TelemetryOptions = {}): NodeSDK {
  const endpoint = options.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
  // Metrics go through /metrics (Prometheus) and logs through pino: the SDK must not start exporters of its own.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (endpoint) {
    const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
    spanProcessors.push(new BatchSpanProcessor({ exporter }));
  }
  // NodeSDK registers no tracer provider for an empty list, and every span would be a no-op with an all-zero trace
  // id: logs and problem details would carry no usable `traceId`. Spans are still recorded (and sampled per
  // OTEL_TRACES_SAMPLER), only not exported.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());
  // Instrumentations patch their modules as soon as they are built; with the SDK disabled they must not exist.
  fastifyInstrumentation = isDisabled()
    ? undefined
    : new FastifyOtelInstrumentation({
        // One server span per request; the mediator, database, gRPC and messaging spans say what happened inside
        // it, so fastify's hooks and handler get none of their own.
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: (route) => isProbe(route.url),
        requestHook: describeServerSpan,
      });
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors,
    instrumentations: fastifyInstrumentation
      ? [
          // Outgoing requests only: an incoming one it ignored would run with tracing suppressed, spans of fastify,
          // the mediator and the database included (ignoreIncomingRequestHook), so it never sees them.
          new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
          fastifyInstrumentation,
          // A span per pool checkout doubles the spans of every query and says little: a wait for a connection shows as
          // the gap before the query's own span.
          new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
        ]
      : [],
  });
  sdk.start();
  return sdk;
}

/**
 * The plugin that gives every request but the probes a SERVER span, continuing the caller's trace (W3C
 * `traceparent`); undefined while telemetry is off. Registered before any hook or route, so that everything a
 * request runs happens inside its span. `isFault` tells a failure from a refusal: only a failure (5xx) marks the span
 * as an error and records the exception; a refused request (4xx) leaves its status unset (HTTP semantic conventions).
 */
export function fastifyTracing(isFault: (error: Error) => boolean): FastifyPluginAsync | undefined {
  const instrumentation = fastifyInstrumentation;
  if (!instrumentation) return undefined;
  return fastifyPlugin(async (app: FastifyInstance) => {
    await app.register(instrumentation.plugin());
    // @fastify/otel marks the span as an error for every error a route throws, refusals included
    // (github.com/fastify/otel/issues/91): its onError hook, appended to each route, now runs for failures only.
    app.addHook('onRoute', (route: RouteOptions) => onlyForFaults(route, isFault));
  });
}

const OTEL_ERROR_HOOK = 'recordErrorInSpanHook';

function onlyForFaults(route: RouteOptions, isFault: (error: Error) => boolean): void {
  const hooks = [route.onError ?? []].flat() as onErrorHookHandler[];
  route.onError = hooks.map((hook) =>
    hook.name === OTEL_ERROR_HOOK
      ? function recordFaultInSpan(this: FastifyInstance, request, reply, error, done) {
          if (isFault(error)) return hook.call(this, request, reply, error, done);
          done();
        }
      : hook,
  ) as RouteOptions['onError'];
}

/**
 * Names the span `{method} {route}` (OpenTelemetry HTTP semantic conventions), never after the raw URL, and keeps
 * `url.path` to the path: the query goes to `url.query`.
 */
function describeServerSpan(span: Span, request: FastifyRequest): void {
  const route = request.routeOptions.url;
  span.updateName(route ? `${request.method} ${route}` : request.method);
  span.setAttribute('url.scheme', request.protocol);
  const query = request.url.indexOf('?');
  if (query >= 0) {
    span.setAttribute('url.path', request.url.slice(0, query));
    span.setAttribute('url.query', request.url.slice(query + 1));
  }
}

/** OTEL_SDK_DISABLED, read as the SDK reads it. */
function isDisabled(): boolean {
  return process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

/** `/health/*` and `/metrics`, with or without a query: asked for every request, so it allocates nothing. */
function isProbe(url = ''): boolean {
  return url.startsWith('/health/') || url === '/metrics' || url.startsWith('/metrics?');
}
