import type { ServiceClientConstructor } from '@grpc/grpc-js';
import { createTokenVerifier } from '../auth';
import {
  GrpcClient,
  type GrpcClientOptions,
  GrpcServer,
  IDENTITY_SERVICE,
  loadService,
  type UnaryHandler,
} from '../grpc';
import { createLogger } from '../logging';
import { startTestTokenIssuer } from './token-issuer';

export const IDENTITY_USERS_READ_SCOPE = 'identity.users.read';

export interface TestIdentityGrpc {
  readonly service: ServiceClientConstructor;
  /** The bound port; it stays the same across `stopServer()` / `startServer()`. */
  readonly port: number;
  /** A client of the server with a valid service token; `options` override the defaults. */
  client(options?: Partial<GrpcClientOptions>): GrpcClient;
  /** Stops the server only (a dependency going down); `startServer()` brings it back on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real `IdentityService` gRPC server on 127.0.0.1 with the given `GetUser`, authenticating callers against a test
 * token issuer, for tests of gRPC clients.
 */
export async function startTestIdentityGrpc(getUser: UnaryHandler<{ id: string }, unknown>): Promise<TestIdentityGrpc> {
  const issuer = await startTestTokenIssuer();
  const verifier = createTokenVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
  const service = loadService(IDENTITY_SERVICE.proto, IDENTITY_SERVICE.name);
  let port = 0;
  let server: GrpcServer | undefined;
  const startServer = async () => {
    const logger = createLogger({ service: 'grpc-test', level: 'silent' });
    server = new GrpcServer({ host: '127.0.0.1', port, logger, verifier });
    server.addService(IDENTITY_SERVICE.name, service.service, { GetUser: getUser }, IDENTITY_USERS_READ_SCOPE);
    await server.start();
    port = server.port;
  };
  const stopServer = async () => {
    await server?.stop();
    server = undefined;
  };
  await startServer();
  return {
    service,
    get port() {
      return port;
    },
    client: (options = {}) =>
      new GrpcClient(service, {
        address: `127.0.0.1:${port}`,
        dependency: 'identity',
        tokens: {
          token: () =>
            issuer.sign({ sub: 'order-service', client_id: 'order-service', scope: IDENTITY_USERS_READ_SCOPE }),
          invalidate: () => undefined,
        },
        ...options,
      }),
    stopServer,
    startServer,
    stop: async () => {
      await stopServer();
      await issuer.stop();
    },
  };
}
