import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry';

describe('retryDelayMs', () => {
  it('doubles from the base delay, keeps at least half of each ceiling, and never passes the maximum', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 300 };
    const samples = (retry: number) => Array.from({ length: 200 }, () => retryDelayMs(retry, options));
    for (const [retry, ceiling] of [
      [1, 100],
      [2, 200],
      [3, 300],
      [6, 300],
    ]) {
      const delays = samples(retry);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(ceiling / 2);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
    }
  });

  it('spreads the pauses of callers that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(1)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
