import type { BenchRow } from '../types.js';
import type { ClosedLoopResult, FixedRateResult } from './saga-load.js';

/** CPU time per confirmed order, in microseconds, by process (services only where they ran). */
export type CpuPerOrder = Record<string, number>;

export interface SagaFigures {
  rate: FixedRateResult;
  capacity: ClosedLoopResult;
  cpu: CpuPerOrder;
}

const SCENARIO = 'order saga (place -> Confirmed)';

function row(metric: string, unit: string, value: number, baseline?: number): BenchRow {
  const ratio = baseline === undefined ? undefined : value / baseline;
  return { scenario: SCENARIO, metric, value, unit, baseline, ratio: Number.isNaN(ratio) ? undefined : ratio };
}

const total = (cpu: CpuPerOrder) => Object.values(cpu).reduce((sum, micros) => sum + micros, 0);

/** CPU rows: each service's process, then Postgres, RabbitMQ and the bench process beside the floor's. */
function cpuRows(services: CpuPerOrder, floor: CpuPerOrder): BenchRow[] {
  const per = 'CPU per order (closed loop)';
  return [
    ...['identity', 'catalog', 'order'].map((name) => row(`${name} process ${per}`, 'µs', services[name] ?? 0)),
    row(`Postgres backends ${per}`, 'µs', services.postgres, floor.postgres),
    row(`RabbitMQ (whole broker) ${per}`, 'µs', services.rabbitmq, floor.rabbitmq),
    row(`bench process ${per} (floor: + the floor's code)`, 'µs', services.bench, floor.bench),
    row(`all of the above ${per}`, 'µs', total(services), total(floor)),
  ];
}

/** The table rows: each service figure beside the floor's, measured in the same run. */
export function sagaRows(
  rate: number,
  services: SagaFigures,
  floor: SagaFigures,
  nagle: SagaFigures | undefined,
): BenchRow[] {
  const atRate = `at ${rate}/s (vs floor)`;
  const inFlight = `${services.capacity.concurrency} in flight`;
  const { rate: ours, capacity } = services;
  const diagnostic = ` at ${rate}/s [diagnostic: floor with Nagle on vs floor]`;
  return [
    row(`p50 place -> Confirmed ${atRate}`, 'ms', ours.confirmedP50, floor.rate.confirmedP50),
    row(`p99 place -> Confirmed ${atRate}`, 'ms', ours.confirmedP99, floor.rate.confirmedP99),
    row(`p50 POST answered ${atRate}: order committed`, 'ms', ours.answeredP50, floor.rate.answeredP50),
    row(`p99 POST answered ${atRate}: order committed`, 'ms', ours.answeredP99, floor.rate.answeredP99),
    { ...row(`orders failed ${atRate}`, 'orders', ours.failed, floor.rate.failed), ratio: undefined },
    row(`max sustained orders/s (${inFlight})`, 'orders/s', capacity.ordersPerSecond, floor.capacity.ordersPerSecond),
    row(`p99 place -> Confirmed at max (${inFlight})`, 'ms', capacity.p99, floor.capacity.p99),
    ...cpuRows(services.cpu, floor.cpu),
    ...(nagle
      ? [
          row(`p50 place -> Confirmed${diagnostic}`, 'ms', nagle.rate.confirmedP50, floor.rate.confirmedP50),
          row(`p99 place -> Confirmed${diagnostic}`, 'ms', nagle.rate.confirmedP99, floor.rate.confirmedP99),
        ]
      : []),
  ];
}
