import {
  type Client,
  credentials,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ShopError } from '../errors';
import { metadataSetter } from './metadata';
import type { ServiceTokenProvider } from './service-token';
import { fromGrpcError } from './status';

const tracer = trace.getTracer('shop.grpc');

export interface GrpcClientOptions {
  /** `host:port` of the callee. */
  address: string;
  /** Name of the callee in problem details, e.g. `catalog`. */
  dependency: string;
  tokens: ServiceTokenProvider;
  /** Deadline of every call (default 2 s): a slow dependency becomes a 503, never a hung request. */
  deadlineMs?: number;
}

export interface CallOptions {
  /** What NOT_FOUND means to this caller (default 404). */
  notFound?: (details: string) => ShopError;
  deadlineMs?: number;
}

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/**
 * A client for one shop gRPC service: every call carries a deadline, the service token and the current trace
 * context; failures come back as the error catalog's problems (`fromGrpcError`).
 */
export class GrpcClient {
  private readonly client: Client;

  constructor(
    serviceClient: ServiceClientConstructor,
    private readonly options: GrpcClientOptions,
  ) {
    this.client = new serviceClient(options.address, credentials.createInsecure());
  }

  async call<TRequest, TResponse>(
    method: string,
    request: TRequest,
    callOptions: CallOptions = {},
  ): Promise<TResponse> {
    return tracer.startActiveSpan(
      `${this.options.dependency}/${method}`,
      { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
      async (span) => {
        try {
          return (await this.callOnce(method, request, callOptions, true)) as TResponse;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  close(): void {
    this.client.close();
  }

  private async callOnce(
    method: string,
    request: unknown,
    callOptions: CallOptions,
    mayRetry: boolean,
  ): Promise<unknown> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${await this.options.tokens.token()}`);
    propagation.inject(context.active(), metadata, metadataSetter);
    const deadline = new Date(Date.now() + (callOptions.deadlineMs ?? this.options.deadlineMs ?? 2_000));
    const invoke = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (typeof invoke !== 'function') throw new Error(`${this.options.dependency} has no method ${method}`);
    try {
      return await new Promise((resolve, reject) =>
        invoke.call(this.client, request, metadata, { deadline }, (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
    } catch (error) {
      const serviceError = error as ServiceError;
      // A token refused once may have been rotated out from under the cache: fetch a fresh one and retry once.
      if (serviceError.code === status.UNAUTHENTICATED && mayRetry) {
        this.options.tokens.invalidate();
        return this.callOnce(method, request, callOptions, false);
      }
      throw fromGrpcError(serviceError, { dependency: this.options.dependency, notFound: callOptions.notFound });
    }
  }
}
