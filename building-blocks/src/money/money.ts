/** Amounts with at most two decimals (validated): rounding removes the binary-float error of `19.99 * 100`. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Exact for every amount below 2^53 cents, which bounds every amount a client can send (docs/adr/0003). */
export function fromCents(cents: number): number {
  return cents / 100;
}
