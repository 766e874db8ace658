import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths pino replaces with `[REDACTED]`, wherever they appear in a log line's object (DESIGN §7). */
export const REDACTED_PATHS = [
  'authorization',
  'password',
  'refresh_token',
  'client_secret',
  'access_token',
  '*.authorization',
  '*.password',
  '*.refresh_token',
  '*.client_secret',
  '*.access_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

export interface LoggerConfig {
  service: string;
  level?: string;
  /** Where lines go; a test passes a stream to capture them. Defaults to stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level = 'info', destination }: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line written inside a span carries its trace, so logs and traces join up in Jaeger/Grafana.
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
