import { bool, cleanEnv, num, port, str, url } from 'envalid';

/** Validators for env vars; re-exported so services describe their configuration with one vocabulary. */
export const env = { str, num, port, url, bool };

export class ConfigError extends Error {}

type Specs = Parameters<typeof cleanEnv>[1];

/**
 * Reads and validates configuration from `source` (default `process.env`). A missing or malformed variable fails with
 * one `ConfigError` naming every offending variable, instead of envalid's default of printing and exiting.
 */
export function loadConfig<S extends Specs>(specs: S, source: NodeJS.ProcessEnv = process.env) {
  return cleanEnv(source, specs, {
    reporter: ({ errors }) => {
      const names = Object.entries(errors);
      if (names.length === 0) return;
      const lines = names.map(([name, error]) => `${name}: ${(error as Error).message}`);
      throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
    },
  });
}

/** Variables every service shares, with development defaults (never production secrets). */
export const commonSpecs = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  LOG_LEVEL: str({ choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' }),
  HOST: str({ default: '0.0.0.0' }),
  RABBITMQ_URL: url({ default: 'amqp://guest:guest@127.0.0.1:5672' }),
  /** Declare the consumers' queues as quorum queues, replicated across a RabbitMQ cluster (DESIGN §10). */
  RABBITMQ_QUORUM_QUEUES: bool({ default: false }),
  OTEL_EXPORTER_OTLP_ENDPOINT: str({ default: '' }),
  HTTP_BODY_LIMIT_BYTES: num({ default: 1_048_576 }),
  /** `name=url` pairs `/swagger` lists in its dropdown (one Swagger UI for all services behind a gateway). */
  SWAGGER_DOCUMENTS: str({ default: '' }),
  SHUTDOWN_TIMEOUT_MS: num({ default: 10_000 }),
  /** After SIGTERM, how long readiness answers 503 while requests are still served (rolling updates, DESIGN §10). */
  SHUTDOWN_DRAIN_MS: num({ default: 0 }),
};
