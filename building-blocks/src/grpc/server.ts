import {
  type handleUnaryCall,
  type Metadata,
  Server,
  ServerCredentials,
  type ServiceDefinition,
  status,
} from '@grpc/grpc-js';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { bearerToken } from '../auth/guards';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';
import type { BackgroundComponent } from '../hosting/component';
import { metadataGetter } from './metadata';
import { GrpcStatusError, toServiceError } from './status';

const tracer = trace.getTracer('shop.grpc');

export interface CallContext {
  readonly principal: Principal;
  readonly metadata: Metadata;
}

export type UnaryHandler<TRequest, TResponse> = (request: TRequest, call: CallContext) => Promise<TResponse>;

export interface GrpcServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Verifies the caller's `authorization: Bearer` service token (identity's JWKS). */
  verifier: TokenVerifier;
  /** Stop waiting for in-flight calls after this long on shutdown. */
  shutdownTimeoutMs?: number;
}

/**
 * A gRPC server that runs beside the HTTP host (a `BackgroundComponent` from `compose`): every call is authenticated
 * (a service token with the handler's scope), continues the caller's trace, and maps errors to status codes; the
 * standard `grpc.health.v1.Health` service reports SERVING while it runs.
 */
export class GrpcServer implements BackgroundComponent {
  readonly name = 'grpc';
  private readonly server = new Server();
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly services: string[] = [];
  private boundPort: number | undefined;

  constructor(private readonly options: GrpcServerOptions) {
    this.health.addToServer(this.server);
  }

  /** The port actually bound (useful with port 0 in tests). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('The gRPC server is not started');
    return this.boundPort;
  }

  /** Adds a service; `scope` is what a caller's token must carry for every method of it. */
  addService(
    serviceName: string,
    definition: ServiceDefinition,
    handlers: Record<string, UnaryHandler<never, unknown>>,
    scope: string,
  ): void {
    // biome-ignore lint/suspicious/noExplicitAny: grpc-js types untyped service implementations with any
    const implementation: Record<string, handleUnaryCall<any, any>> = {};
    for (const [method, handler] of Object.entries(handlers)) {
      implementation[method] = this.wrap(`${serviceName}/${method}`, handler, scope);
    }
    this.server.addService(definition, implementation);
    this.services.push(serviceName);
  }

  async start(): Promise<void> {
    const address = `${this.options.host}:${this.options.port}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    for (const service of ['', ...this.services]) this.health.setStatus(service, 'SERVING');
    this.options.logger.info({ port: this.boundPort }, 'gRPC listening');
  }

  async stop(): Promise<void> {
    for (const service of ['', ...this.services]) this.health.setStatus(service, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, this.options.shutdownTimeoutMs ?? 5_000);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async ready(): Promise<void> {
    if (this.boundPort === undefined) throw new Error('gRPC server not listening');
  }

  private async authenticate(metadata: Metadata, scope: string): Promise<Principal> {
    const header = metadata.get('authorization')[0];
    const token = bearerToken(typeof header === 'string' ? header : undefined);
    if (!token) throw new GrpcStatusError(status.UNAUTHENTICATED, 'A bearer service token is required');
    const principal = await this.options.verifier(token);
    if (!principal.scopes.includes(scope)) {
      throw new GrpcStatusError(status.PERMISSION_DENIED, `The token lacks the scope ${scope}`);
    }
    return principal;
  }

  private wrap(
    spanName: string,
    handler: UnaryHandler<never, unknown>,
    scope: string,
    // biome-ignore lint/suspicious/noExplicitAny: see addService
  ): handleUnaryCall<any, any> {
    return (call, callback) => {
      const parent = propagation.extract(context.active(), call.metadata, metadataGetter);
      void tracer.startActiveSpan(
        spanName,
        { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc' } },
        parent,
        async (span) => {
          try {
            const principal = await this.authenticate(call.metadata, scope);
            callback(null, await handler(call.request as never, { principal, metadata: call.metadata }));
          } catch (error) {
            const answer = toServiceError(error);
            if (answer.code === status.INTERNAL) {
              this.options.logger.error({ err: error, method: spanName }, 'gRPC call failed');
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            span.setAttribute('rpc.grpc.status_code', answer.code ?? status.UNKNOWN);
            callback(answer);
          } finally {
            span.end();
          }
        },
      );
    };
  }
}
