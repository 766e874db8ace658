/** An order whose placement was answered (`performance.now()` clock), and its confirmation's arrival time to come. */
export interface Placement {
  answeredAt: number;
  confirmedAt: Promise<number>;
}

/** Places one order: resolves once the placement is answered, rejects if it is refused. */
export type PlaceOrder = () => Promise<Placement>;

export interface FixedRateResult {
  orders: number;
  /** Orders refused or not confirmed in time; each counts as an infinite latency in the percentiles. */
  failed: number;
  /** Send -> confirmation arrival, from each order's scheduled send time. */
  confirmedP50: number;
  confirmedP99: number;
  /** Send -> placement answered. */
  answeredP50: number;
  answeredP99: number;
}

export interface ClosedLoopResult {
  concurrency: number;
  orders: number;
  failed: number;
  ordersPerSecond: number;
  p50: number;
  p99: number;
}

/** Nearest-rank percentile `q` (0..1) of `values`. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Logs the first few distinct failures, so that a failed figure comes with its cause. */
function failureLog(who: string): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const kind = message.replace(/[0-9a-f]{8,}(-[0-9a-f]+)*/g, '<id>').slice(0, 300);
    if (seen.size < 5 && !seen.has(kind)) console.error(`bench: ${who} order failed: ${kind}`);
    seen.add(kind);
  };
}

/**
 * Open loop: one order every 1/rate s for `seconds`, each sent on schedule whether or not the earlier ones have
 * finished. Latency counts from the scheduled time, so a late send (this process busy) adds to it rather than
 * hiding it (no coordinated omission). A refused or unconfirmed order counts as an infinite latency: once more than
 * 1% fail, the p99 is infinite, as it is for the customers concerned.
 */
export async function atFixedRate(place: PlaceOrder, rate: number, seconds: number, who: string) {
  const total = Math.round(rate * seconds);
  const confirmed: number[] = [];
  const answered: number[] = [];
  const logFailure = failureLog(who);
  const fail = (error: unknown) => {
    logFailure(error);
    confirmed.push(Number.POSITIVE_INFINITY);
  };
  const orders: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const order = place().then(
      async ({ answeredAt, confirmedAt }) => {
        answered.push(answeredAt - due);
        confirmed.push((await confirmedAt) - due);
      },
      (error: unknown) => {
        answered.push(Number.POSITIVE_INFINITY);
        fail(error);
      },
    );
    orders.push(order.catch(fail));
  }
  await Promise.all(orders);
  const result: FixedRateResult = {
    orders: total,
    failed: confirmed.filter((latency) => latency === Number.POSITIVE_INFINITY).length,
    confirmedP50: percentile(confirmed, 0.5),
    confirmedP99: percentile(confirmed, 0.99),
    answeredP50: percentile(answered, 0.5),
    answeredP99: percentile(answered, 0.99),
  };
  return result;
}

/**
 * Closed loop: `concurrency` customers, each placing an order, waiting for its confirmation, and placing the next,
 * for `seconds`. Confirmations keep up with placements by construction, so the rate is a sustained one.
 */
export async function closedLoop(place: PlaceOrder, concurrency: number, seconds: number, who: string) {
  const latencies: number[] = [];
  const logFailure = failureLog(who);
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const customer = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        const { confirmedAt } = await place();
        latencies.push((await confirmedAt) - sent);
      } catch (error) {
        logFailure(error);
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, customer));
  const result: ClosedLoopResult = {
    concurrency,
    orders: latencies.length,
    failed,
    ordersPerSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
  return result;
}

/**
 * The highest sustained rate: closed-loop steps of growing concurrency until one gains less than `minGain` over the
 * best so far (more orders in flight only queue up then) or has a failed order. Returns the step with the highest
 * rate among those without failures, and how many orders all steps confirmed.
 */
export async function sustainedCapacity(
  place: PlaceOrder,
  steps: readonly number[],
  seconds: number,
  log: (step: ClosedLoopResult) => void,
  minGain = 0.05,
): Promise<{ best: ClosedLoopResult; orders: number }> {
  let best: ClosedLoopResult | undefined;
  let orders = 0;
  for (const concurrency of steps) {
    const step = await closedLoop(place, concurrency, seconds, `closed loop ${concurrency}`);
    log(step);
    orders += step.orders;
    if (step.failed > 0) break;
    const plateau = best !== undefined && step.ordersPerSecond < best.ordersPerSecond * (1 + minGain);
    if (!best || step.ordersPerSecond > best.ordersPerSecond) best = step;
    if (plateau) break;
  }
  if (!best) throw new Error('no concurrency step ran without failed orders');
  return { best, orders };
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '∞');

export const logRate = (who: string, rate: number, result: FixedRateResult) =>
  console.error(
    `bench: ${who} at ${rate}/s: ${result.orders} orders, ${result.failed} failed; confirmed p50 ` +
      `${ms(result.confirmedP50)}, p99 ${ms(result.confirmedP99)}; answered p50 ${ms(result.answeredP50)}`,
  );

export const logStep = (who: string) => (step: ClosedLoopResult) =>
  console.error(
    `bench: ${who} closed loop, ${step.concurrency} in flight: ${Math.round(step.ordersPerSecond)} orders/s, ` +
      `p50 ${ms(step.p50)}, p99 ${ms(step.p99)}, ${step.failed} failed`,
  );
