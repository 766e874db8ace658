import { type ServiceError, status } from '@grpc/grpc-js';
import CircuitBreaker from 'opossum';

export interface BreakerOptions {
  /** Calls within the rolling window before the breaker may open at all (default 5). */
  volumeThreshold?: number;
  /** Share of failed calls in the window, in percent, above which it opens (default 50). */
  errorThresholdPercentage?: number;
  /** How long it stays open before it lets one trial call through (default 5 s). */
  resetTimeoutMs?: number;
  /** The rolling window the failure rate is measured over (default 10 s). */
  rollingWindowMs?: number;
}

export type CircuitState = 'closed' | 'half-open' | 'open';

/**
 * The answers that say the dependency itself is unwell. Every other status (NOT_FOUND, INVALID_ARGUMENT,
 * PERMISSION_DENIED, ...) is a healthy dependency answering a question, and must never open the circuit.
 */
const UNHEALTHY = new Set<number>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.INTERNAL,
  status.UNKNOWN,
  status.RESOURCE_EXHAUSTED,
]);

const isUnhealthy = (error: unknown): boolean => {
  const code = (error as Partial<ServiceError> | undefined)?.code;
  return typeof code === 'number' && UNHEALTHY.has(code);
};

/** opossum's own rejection while the circuit is open (it tags the error with this code). */
export const isCircuitOpen = (error: unknown): boolean =>
  error instanceof Error && (error as Error & { code?: unknown }).code === 'EOPENBREAKER';

type Attempt = () => Promise<unknown>;

/**
 * One circuit breaker per downstream (opossum). Closed, it counts unhealthy answers in a rolling window; past the
 * threshold it opens and rejects every call at once (`isCircuitOpen`); after `resetTimeoutMs` it half-opens and lets
 * one trial through, which closes it again or reopens it.
 */
export class DependencyBreaker {
  private readonly breaker: CircuitBreaker<[Attempt], unknown>;

  constructor(dependency: string, options: BreakerOptions = {}, onStateChange: (state: CircuitState) => void) {
    this.breaker = new CircuitBreaker<[Attempt], unknown>((attempt) => attempt(), {
      name: dependency,
      // The gRPC deadline already bounds every call; a second timer here would only race it.
      timeout: false,
      volumeThreshold: options.volumeThreshold ?? 5,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      resetTimeout: options.resetTimeoutMs ?? 5_000,
      rollingCountTimeout: options.rollingWindowMs ?? 10_000,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      errorFilter: (error: unknown) => !isUnhealthy(error),
    });
    this.breaker.on('open', () => onStateChange('open'));
    this.breaker.on('halfOpen', () => onStateChange('half-open'));
    this.breaker.on('close', () => onStateChange('closed'));
  }

  get state(): CircuitState {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Runs one attempt through the breaker; rejects with opossum's EOPENBREAKER error while it is open. */
  run(attempt: Attempt): Promise<unknown> {
    return this.breaker.fire(attempt);
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
