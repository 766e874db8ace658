export interface RetryOptions {
  /** Retries of an idempotent call after UNAVAILABLE (default 2, so at most three attempts). */
  retries?: number;
  /** Backoff before the first retry; it doubles for each further one (default 50 ms). */
  baseDelayMs?: number;
  /** Upper bound of any one backoff (default 500 ms). */
  maxDelayMs?: number;
}

/**
 * The pause before retry number `retry` (1-based): exponential, capped, and half of it random ("equal jitter"), so
 * that callers that failed together do not all come back at the same instant.
 */
export function retryDelayMs(retry: number, options: RetryOptions = {}): number {
  const ceiling = Math.min(options.maxDelayMs ?? 500, (options.baseDelayMs ?? 50) * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
