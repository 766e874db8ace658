import { openApiSecurity, type TokenVerifier } from '@shop/building-blocks/auth';
import type { GrpcServer } from '@shop/building-blocks/grpc';
import { type RunningService, startService } from '@shop/building-blocks/hosting';
import { createParts, httpPlugins, type IdentityOverrides, redisComponent, registerDependencies } from './composition';
import type { IdentityConfig } from './config';
import { identityFeatures } from './features';
import type { PasswordHasher } from './security/password-hasher';

export type { IdentityOverrides } from './composition';

export const IDENTITY_VERSION = '0.1.0';

export interface RunningIdentity extends RunningService {
  /** `IdentityService` (DESIGN §6); `grpc.port` is the bound port. */
  readonly grpc: GrpcServer;
  readonly verifier: TokenVerifier;
  readonly hasher: PasswordHasher;
}

/** The identity service's composition root: what `main.ts` starts, and what tests start on port 0. */
export async function startIdentity(
  config: IdentityConfig,
  overrides: IdentityOverrides = {},
): Promise<RunningIdentity> {
  const parts = await createParts(config, overrides);
  try {
    const service = await startService({
      name: 'identity',
      version: IDENTITY_VERSION,
      description: 'Users, the OAuth2 token endpoint and the signing keys.',
      host: config.HOST,
      port: overrides.port ?? config.IDENTITY_HTTP_PORT,
      logger: overrides.logger,
      logLevel: config.LOG_LEVEL,
      bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
      features: identityFeatures,
      database: { url: overrides.databaseUrl ?? config.IDENTITY_DATABASE_URL },
      // UserRegistered leaves through the transactional outbox; identity consumes nothing.
      messaging: { url: overrides.rabbitmqUrl ?? config.RABBITMQ_URL, quorumQueues: config.RABBITMQ_QUORUM_QUEUES },
      // `IdentityService` (DESIGN §6), authenticated with the same verifier as HTTP.
      grpc: { host: config.HOST, port: overrides.grpcPort ?? config.IDENTITY_GRPC_PORT, verifier: parts.verifier },
      plugins: httpPlugins(config, overrides, parts),
      openApiComponents: openApiSecurity(config.AUTH_ISSUER),
      swaggerDocuments: config.SWAGGER_DOCUMENTS,
      compose: ({ container }) => {
        registerDependencies(container, config, parts);
        return parts.redis ? [redisComponent(parts.redis)] : [];
      },
    });
    const { grpc } = service;
    if (!grpc) throw new Error('identity started without its gRPC server');
    return { ...service, grpc, verifier: parts.verifier, hasher: parts.hasher };
  } catch (error) {
    parts.redis?.disconnect();
    throw error;
  }
}
