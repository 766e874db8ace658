import { describe, expect, it } from 'vitest';
import { fromCents, toCents } from './money';

describe('money', () => {
  it('turns every two-decimal amount up to 100.00 into cents and back exactly', () => {
    for (let cents = 0; cents <= 10_000; cents++) {
      const amount = Number((cents / 100).toFixed(2));
      expect(toCents(amount)).toBe(cents);
      expect(fromCents(toCents(amount))).toBe(amount);
    }
  });

  it('removes the binary error of decimal prices', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(0.29)).toBe(29);
  });
});
