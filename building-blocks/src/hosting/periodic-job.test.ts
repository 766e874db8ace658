import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PeriodicJob } from './periodic-job';

const silent = pino({ level: 'silent' });

describe('PeriodicJob', () => {
  it('never overlaps two rounds, and stop() waits for the round in flight', async () => {
    // Given a job whose round takes a while, asked to run three times at once
    let running = 0;
    let mostAtOnce = 0;
    let rounds = 0;
    const job = new PeriodicJob({
      name: 'slow',
      intervalMs: 60_000,
      logger: silent,
      run: async () => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        rounds++;
      },
    });
    await job.start();

    // When
    void job.runNow();
    void job.runNow();
    void job.runNow();
    await job.stop();

    // Then the rounds ran one after another, all finished before stop() returned
    expect(mostAtOnce).toBe(1);
    expect(rounds).toBe(3);
  });

  it('keeps going after a failed round', async () => {
    let rounds = 0;
    const job = new PeriodicJob({
      name: 'flaky',
      intervalMs: 60_000,
      logger: silent,
      run: async () => {
        rounds++;
        if (rounds === 1) throw new Error('first round fails');
      },
    });

    await job.runNow();
    await job.runNow();

    expect(rounds).toBe(2);
  });
});
