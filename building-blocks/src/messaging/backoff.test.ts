import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('doubles the delay after each failure, with jitter, up to the maximum', () => {
    // Given a backoff from 100 ms to 1 s
    const backoff = new Backoff(100, 1_000);
    const delays: number[] = [];

    // When six rounds fail one after the other
    for (let n = 0; n < 6; n++) {
      delays.push(backoff.fail(() => undefined));
      vi.runOnlyPendingTimers();
    }

    // Then each delay lies between half and all of 100, 200, 400, 800, 1000, 1000 ms
    const ceilings = [100, 200, 400, 800, 1_000, 1_000];
    delays.forEach((delay, n) => {
      expect(delay).toBeGreaterThanOrEqual((ceilings[n] ?? 0) / 2);
      expect(delay).toBeLessThanOrEqual(ceilings[n] ?? 0);
    });
  });

  it('retries once after the delay, however many rounds failed meanwhile', () => {
    // Given a failed round with a retry scheduled
    const backoff = new Backoff(100, 1_000);
    const retry = vi.fn();
    const delay = backoff.fail(retry);

    // When three more rounds fail before it is due
    backoff.fail(retry);
    backoff.fail(retry);
    backoff.fail(retry);

    // Then it waits, retries once, and counts the four failures as one: the next delay is the second one
    expect(backoff.waiting).toBe(true);
    vi.advanceTimersByTime(delay);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(backoff.waiting).toBe(false);
    expect(backoff.fail(retry)).toBeLessThanOrEqual(200);
  });

  it('starts again from the shortest delay after a reset, and cancels the scheduled retry', () => {
    // Given three failures
    const backoff = new Backoff(100, 10_000);
    const retry = vi.fn();
    for (let n = 0; n < 3; n++) {
      backoff.fail(retry);
      vi.runOnlyPendingTimers();
    }
    backoff.fail(retry);

    // When it is reset
    backoff.reset();

    // Then the pending retry never runs and the next delay is the first one again
    vi.runOnlyPendingTimers();
    expect(retry).toHaveBeenCalledTimes(3);
    expect(backoff.waiting).toBe(false);
    expect(backoff.fail(retry)).toBeLessThanOrEqual(100);
  });
});
