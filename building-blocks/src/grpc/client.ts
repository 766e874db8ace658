import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Client,
  credentials,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { DependencyUnavailableError, ShopError } from '../errors';
import { type BreakerOptions, type CircuitState, DependencyBreaker, isCircuitOpen } from './breaker';
import { metadataSetter } from './metadata';
import { type CallOutcome, CIRCUIT_STATE_VALUE, type GrpcClientMetrics, grpcClientMetrics } from './metrics';
import { type RetryOptions, retryDelayMs } from './retry';
import type { ServiceTokenProvider } from './service-token';
import { fromGrpcError } from './status';

const tracer = trace.getTracer('shop.grpc');

export interface GrpcClientOptions {
  /** `host:port` of the callee. */
  address: string;
  /** Name of the callee in problem details and metrics, e.g. `catalog`. */
  dependency: string;
  tokens: ServiceTokenProvider;
  /** Deadline of every call, retries included (default 2 s): a slow dependency becomes a 503, never a hung request. */
  deadlineMs?: number;
  /** The circuit breaker of this dependency (defaults: 5 calls, 50 %, 5 s open, 10 s window). */
  breaker?: BreakerOptions;
  /** Retries of idempotent calls (defaults: 2 retries, 50 ms doubling, at most 500 ms). */
  retry?: RetryOptions;
  /** The registry `grpc_client_circuit_state` and `grpc_client_calls_total` go to (the service's `/metrics`). */
  metrics?: Registry;
}

export interface CallOptions {
  /** What NOT_FOUND means to this caller (default 404). */
  notFound?: (details: string) => ShopError;
  deadlineMs?: number;
  /** A read that may safely run twice: it is retried after UNAVAILABLE, within the same deadline. */
  idempotent?: boolean;
}

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/**
 * A client for one shop gRPC service: every call carries a deadline, the service token and the current trace
 * context, and goes through this dependency's circuit breaker; idempotent reads are retried after UNAVAILABLE;
 * failures come back as the error catalog's problems (`fromGrpcError`, 503 while the circuit is open).
 */
export class GrpcClient {
  private readonly client: Client;
  private readonly breaker: DependencyBreaker;
  private readonly instruments: GrpcClientMetrics | undefined;

  constructor(
    serviceClient: ServiceClientConstructor,
    private readonly options: GrpcClientOptions,
  ) {
    this.client = new serviceClient(options.address, credentials.createInsecure());
    this.instruments = options.metrics ? grpcClientMetrics(options.metrics) : undefined;
    const showState = (state: CircuitState) =>
      this.instruments?.circuitState.set({ dependency: options.dependency }, CIRCUIT_STATE_VALUE[state]);
    this.breaker = new DependencyBreaker(options.dependency, options.breaker, showState);
    showState('closed');
  }

  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async call<TRequest, TResponse>(
    method: string,
    request: TRequest,
    callOptions: CallOptions = {},
  ): Promise<TResponse> {
    const invoke = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (typeof invoke !== 'function') throw new Error(`${this.options.dependency} has no method ${method}`);
    const { dependency } = this.options;
    return tracer.startActiveSpan(
      `${dependency}/${method}`,
      { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
      async (span) => {
        let outcome: CallOutcome = 'error';
        try {
          const response = await this.attempts(invoke, request, callOptions, span);
          outcome = 'ok';
          return response as TResponse;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          if (isCircuitOpen(error)) {
            outcome = 'rejected_open';
            throw new DependencyUnavailableError(`${dependency} is unavailable (circuit open: calls are not sent)`);
          }
          if (error instanceof ShopError) throw error;
          const serviceError = error as ServiceError;
          span.setAttribute('rpc.grpc.status_code', serviceError.code ?? status.UNKNOWN);
          throw fromGrpcError(serviceError, { dependency, notFound: callOptions.notFound });
        } finally {
          this.instruments?.calls.inc({ dependency, method, outcome });
          span.end();
        }
      },
    );
  }

  close(): void {
    this.breaker.shutdown();
    this.client.close();
  }

  /** Every attempt of one logical call, under one deadline counted from the first. */
  private async attempts(
    invoke: UnaryMethod,
    request: unknown,
    callOptions: CallOptions,
    span: Span,
  ): Promise<unknown> {
    const deadline = new Date(Date.now() + (callOptions.deadlineMs ?? this.options.deadlineMs ?? 2_000));
    const retries = callOptions.idempotent ? (this.options.retry?.retries ?? 2) : 0;
    let retried = 0;
    let tokenRefreshed = false;
    let previous: unknown;
    for (;;) {
      try {
        return await this.breaker.run(() => this.attempt(invoke, request, deadline));
      } catch (error) {
        // When this call's own failures opened the circuit, what the dependency answered says more than the refusal.
        if (previous !== undefined && isCircuitOpen(error)) throw previous;
        previous = error;
        const code = (error as Partial<ServiceError>).code;
        // A token refused once may have been rotated out from under the cache: fetch a fresh one and retry once.
        if (code === status.UNAUTHENTICATED && !tokenRefreshed) {
          tokenRefreshed = true;
          this.options.tokens.invalidate();
          span.addEvent('token refreshed');
          continue;
        }
        // UNAVAILABLE is the one status gRPC calls transient and safe to retry with backoff; DEADLINE_EXCEEDED has
        // already spent the caller's budget, and any other answer would only come again.
        const delayMs = retryDelayMs(retried + 1, this.options.retry);
        if (code !== status.UNAVAILABLE || retried >= retries || Date.now() + delayMs >= deadline.getTime()) {
          throw error;
        }
        retried += 1;
        span.addEvent('retry', { 'rpc.grpc.status_code': code, 'retry.number': retried, 'retry.delay_ms': delayMs });
        await sleep(delayMs);
      }
    }
  }

  private async attempt(invoke: UnaryMethod, request: unknown, deadline: Date): Promise<unknown> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${await this.options.tokens.token()}`);
    propagation.inject(context.active(), metadata, metadataSetter);
    return new Promise((resolve, reject) =>
      invoke.call(this.client, request, metadata, { deadline }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }
}
