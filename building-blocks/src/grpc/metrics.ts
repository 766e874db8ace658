import { Counter, Gauge, type Registry } from 'prom-client';
import type { CircuitState } from './breaker';

export type CallOutcome = 'ok' | 'error' | 'rejected_open';

export interface GrpcClientMetrics {
  readonly circuitState: Gauge<'dependency'>;
  readonly calls: Counter<'dependency' | 'method' | 'outcome'>;
}

/** The gauge's value per state, as dashboards read it: the higher, the worse. */
export const CIRCUIT_STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

const byRegistry = new WeakMap<Registry, GrpcClientMetrics>();

/** The gRPC client metrics of one service instance (DESIGN §6), shared by all its clients (one per dependency). */
export function grpcClientMetrics(registry: Registry): GrpcClientMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const metrics: GrpcClientMetrics = {
    circuitState: new Gauge({
      name: 'grpc_client_circuit_state',
      help: 'Circuit breaker state per downstream service: 0 closed, 1 half-open, 2 open',
      labelNames: ['dependency'],
      registers: [registry],
    }),
    calls: new Counter({
      name: 'grpc_client_calls_total',
      help: 'gRPC calls by outcome: ok, error (after any retries), rejected_open (circuit open, never sent)',
      labelNames: ['dependency', 'method', 'outcome'],
      registers: [registry],
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}
