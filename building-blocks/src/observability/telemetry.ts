import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';

export interface TelemetryOptions {
  /** OTLP/HTTP endpoint (Jaeger accepts OTLP); empty keeps spans in-process only, for trace ids in logs. */
  endpoint?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts OpenTelemetry for a service: HTTP and Postgres instrumentation, W3C trace-context propagation, and OTLP
 * export when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Must run before the instrumented modules are loaded.
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
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors,
    // Instrumentations patch their modules as soon as they are built; with the SDK disabled they must not exist.
    instrumentations: isDisabled()
      ? []
      : [
          new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbe(request.url) }),
          // A span per pool checkout doubles the spans of every query and says little: a wait for a connection shows as
          // the gap before the query's own span.
          new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
        ],
  });
  sdk.start();
  return sdk;
}

/** OTEL_SDK_DISABLED, read as the SDK reads it. */
function isDisabled(): boolean {
  return process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

function isProbe(url: string | undefined): boolean {
  return url === '/metrics' || (url?.startsWith('/health/') ?? false);
}
