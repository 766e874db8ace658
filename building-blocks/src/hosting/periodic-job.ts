import type { Logger } from 'pino';
import type { BackgroundComponent } from './component';

export interface PeriodicJobOptions {
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round of the job; rounds never overlap. A failure is logged and the next round runs as planned. */
  run: () => Promise<void>;
}

/**
 * Work an instance repeats on a timer (the saga deadline, key expiry). Every replica runs it; the work itself must be
 * safe to run concurrently (e.g. `FOR UPDATE SKIP LOCKED`). `stop()` waits for the round in flight.
 */
export class PeriodicJob implements BackgroundComponent {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: PeriodicJobOptions) {}

  get name(): string {
    return this.options.name;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Runs one round now (after the one in flight, if any); tests use it instead of waiting for the timer. */
  runNow(): Promise<void> {
    const round = (this.inFlight ?? Promise.resolve())
      .then(() => this.options.run())
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, job: this.options.name }, 'periodic job failed');
      });
    this.inFlight = round;
    return round.finally(() => {
      if (this.inFlight === round) this.inFlight = undefined;
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.runNow().finally(() => this.schedule()), this.options.intervalMs);
    this.timer.unref();
  }
}
