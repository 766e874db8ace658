import { createTokenVerifier } from '@shop/building-blocks/auth';
import { NotFoundError } from '@shop/building-blocks/errors';
import { CATALOG_SERVICE, GrpcServer, IDENTITY_SERVICE, loadService } from '@shop/building-blocks/grpc';
import type { Logger } from '@shop/building-blocks/logging';
import type { TestTokenIssuer } from '@shop/building-blocks/testing';
import type { CatalogProduct } from '../downstream/catalog-products';

/** The scopes the real catalog and identity ask of a caller's service token (DESIGN §6). */
export const CATALOG_SCOPE = 'catalog.products.read';
export const IDENTITY_SCOPE = 'identity.users.read';

export interface StandInUser {
  id: string;
  firstName: string;
  lastName: string;
}

/**
 * A real gRPC server on 127.0.0.1:0 answering from data the test sets: the same server class, token check and
 * error mapping as the real service, so the order service's client meets the wire it meets in production.
 */
abstract class GrpcStandIn {
  /** `127.0.0.1:<port>`, for the order service's `catalogAddress` / `identityAddress`. */
  address = '';
  private server: GrpcServer | undefined;

  protected constructor(
    private readonly service: { proto: string; name: string },
    private readonly scope: string,
  ) {}

  protected abstract handlers(): Record<string, (request: never) => Promise<unknown>>;

  async start(issuer: TestTokenIssuer, logger: Logger): Promise<void> {
    const verifier = createTokenVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
    const server = new GrpcServer({ host: '127.0.0.1', port: 0, logger, verifier, shutdownTimeoutMs: 1_000 });
    const definition = loadService(this.service.proto, this.service.name).service;
    server.addService(this.service.name, definition, this.handlers(), this.scope);
    await server.start();
    this.server = server;
    this.address = `127.0.0.1:${server.port}`;
  }

  /** Stops answering: calls to `address` now fail as they do when the real service is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}

/** `shop.catalog.v1.CatalogService` with the products a test puts in; NOT_FOUND naming unknown ids, as catalog does. */
export class CatalogStandIn extends GrpcStandIn {
  private readonly products = new Map<string, CatalogProduct>();
  /** The ids of every GetProducts call, in order. */
  readonly requests: string[][] = [];

  constructor() {
    super(CATALOG_SERVICE, CATALOG_SCOPE);
  }

  /** Adds the product, or changes it (e.g. a new price after an order was placed). */
  put(product: CatalogProduct): void {
    this.products.set(product.id, { ...product });
  }

  protected handlers() {
    return {
      GetProducts: async ({ ids }: { ids: string[] }) => {
        this.requests.push([...ids]);
        const unique = [...new Set(ids)];
        const unknown = unique.filter((id) => !this.products.has(id));
        if (unknown.length > 0) throw new NotFoundError(`Unknown product(s): ${unknown.join(', ')}`);
        return { products: unique.flatMap((id) => this.products.get(id) ?? []) };
      },
    };
  }
}

/** `shop.identity.v1.IdentityService` with the users a test puts in; NOT_FOUND for any other id. */
export class IdentityStandIn extends GrpcStandIn {
  private readonly users = new Map<string, StandInUser>();

  constructor() {
    super(IDENTITY_SERVICE, IDENTITY_SCOPE);
  }

  put(user: StandInUser): void {
    this.users.set(user.id, { ...user });
  }

  protected handlers() {
    return {
      GetUser: async ({ id }: { id: string }) => {
        const user = this.users.get(id);
        if (!user) throw new NotFoundError(`User ${id} was not found`);
        return { ...user, userName: `user-${id.slice(0, 8)}`, email: `${id}@example.test`, role: 'customer' };
      },
    };
  }
}
