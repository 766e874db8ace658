/**
 * When to try again after a failed dispatch round: the delay doubles from `initialMs` up to `maxMs`, with jitter so
 * that several instances facing the same broker do not retry in step.
 */
export class Backoff {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private due = 0;

  constructor(
    private readonly initialMs = 500,
    private readonly maxMs = 10_000,
  ) {}

  /** A retry is scheduled; until then, work should not start. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Counts a failure and calls `retry` once the delay has passed; returns that delay. Failures of rounds that ran at
   * the same time count once: a retry that is already scheduled is kept.
   */
  fail(retry: () => void): number {
    if (this.timer) return Math.max(0, this.due - Date.now());
    this.failures += 1;
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** (this.failures - 1));
    const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
    this.due = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      retry();
    }, delay).unref();
    return delay;
  }

  /** Something worked (or the cause went away): the next failure starts from the shortest delay again. */
  reset(): void {
    this.failures = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
