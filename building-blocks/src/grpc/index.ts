export type { BreakerOptions, CircuitState } from './breaker';
export * from './client';
export * from './metadata';
export type { CallOutcome } from './metrics';
export * from './protos';
export type { RetryOptions } from './retry';
export * from './server';
export * from './service-token';
export * from './status';
