import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';
import type { RunningService } from './service';

/** Redacts the password of a connection URL before it is shown anywhere. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET']);

/** One clear line for a dependency that is not there at start, instead of a stack trace (DESIGN §8). */
export function describeStartFailure(error: unknown, dependencies: Record<string, string>): string {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  const message = (error as Error).message ?? String(error);
  for (const [name, url] of Object.entries(dependencies)) {
    const port = new URL(url).port;
    if ((code && UNREACHABLE.has(code) && message.includes(port)) || message.includes(new URL(url).host)) {
      return (
        `Cannot reach ${name} at ${safeUrl(url)} (${code ?? message}). Start it locally (see README "Quick start") ` +
        'or with: docker compose -f deployments/docker-compose/infrastructure.yaml up -d'
      );
    }
  }
  return `Start failed: ${message}`;
}

/**
 * Starts a service and stops it gracefully on SIGTERM/SIGINT; exits non-zero when it cannot start. On a signal,
 * readiness fails at once and requests are served for `shutdownDrainMs` more; then the stop has `shutdownTimeoutMs`
 * before the process exits anyway.
 */
export async function runService(
  start: () => Promise<RunningService>,
  options: {
    logger: Logger;
    dependencies: Record<string, string>;
    shutdownTimeoutMs: number;
    shutdownDrainMs?: number;
  },
): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    options.logger.fatal(describeStartFailure(error, options.dependencies));
    process.exit(1);
  }
  const drainMs = options.shutdownDrainMs ?? 0;
  closeWithGrace({ delay: drainMs + options.shutdownTimeoutMs }, async ({ signal, err }) => {
    // After an uncaught error the process is in an unknown state: no drain, stop at once.
    if (err) options.logger.error({ err }, 'stopping after an uncaught error');
    else options.logger.info({ signal }, 'stopping');
    await service.stop({ drainMs: err ? 0 : drainMs });
  });
}
