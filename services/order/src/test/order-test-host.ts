import { randomUUID } from 'node:crypto';
import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import {
  createTestDatabase,
  createTestVhost,
  type DatabaseSnapshot,
  databaseSnapshotter,
  startTestTokenIssuer,
  type TestDatabase,
  type TestTokenIssuer,
  type TestVhost,
} from '@shop/building-blocks/testing';
import { loadOrderConfig } from '../config';
import type { CatalogProduct } from '../downstream/catalog-products';
import { startOrder } from '../service';
import { CATALOG_SCOPE, CatalogStandIn, IDENTITY_SCOPE, IdentityStandIn } from './downstream-stand-ins';

export const ORDERS_URL = '/api/v1/orders';
export const ADDRESS = { line1: '1 Main Street', city: 'Utrecht', postalCode: '3511 AA', country: 'NL' };

/** A caller of the API: its subject and the `Authorization` header that carries its token. */
export interface Caller {
  id: string;
  authorization: string;
}

export interface OrderLineInput {
  productId: string;
  quantity: number;
}

/** What the tests read of an `app.inject()` answer. */
export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface OrderTestHost {
  service: RunningService;
  database: TestDatabase;
  vhost: TestVhost;
  /** Stands in for identity's JWKS: every token here (customer, admin, the service's own) is signed with it. */
  issuer: TestTokenIssuer;
  /** Stand-ins for the two downstreams, over real gRPC, answering from what the test puts in. */
  catalog: CatalogStandIn;
  identity: IdentityStandIn;
  /** A customer known to identity (`Ada Lovelace`), with a fresh id unless given. */
  customer(id?: string): Promise<Caller>;
  admin(): Promise<Caller>;
  /** Puts a product into the catalog stand-in; returns its id. */
  product(fields?: Partial<Omit<CatalogProduct, 'id'>>): string;
  /** `POST /api/v1/orders` as `caller`, shipping to `ADDRESS`. */
  place(caller: Caller, items: OrderLineInput[], headers?: Record<string, string>): Promise<Reply>;
  /** Every table of the order database, hashed: compare two to prove a request wrote nothing at all. */
  snapshot(): Promise<DatabaseSnapshot>;
  stop(): Promise<void>;
}

export interface OrderTestHostOptions {
  /** Environment beside the test defaults, e.g. `ORDER_PENDING_TIMEOUT_MS`. */
  env?: Record<string, string>;
}

/**
 * The real order service on port 0 with its own fresh database and RabbitMQ vhost, catalog and identity replaced by
 * in-process gRPC servers. The periodic jobs wait an hour, so a test runs the deadline sweep when it means to.
 */
export async function startOrderForTest(options: OrderTestHostOptions = {}): Promise<OrderTestHost> {
  const [database, vhost, issuer] = await Promise.all([
    createTestDatabase('order'),
    createTestVhost('order'),
    startTestTokenIssuer(),
  ]);
  const logger = createLogger({ service: 'order', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const catalog = new CatalogStandIn();
  const identity = new IdentityStandIn();
  await Promise.all([catalog.start(issuer, logger), identity.start(issuer, logger)]);
  const config = loadOrderConfig({
    ...process.env,
    NODE_ENV: 'test',
    IDENTITY_URL: issuer.url,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    ORDER_PENDING_SWEEP_INTERVAL_MS: '3600000',
    ...options.env,
  });
  const serviceToken = await issuer.sign(
    { sub: 'order-service', client_id: 'order-service', scope: `${CATALOG_SCOPE} ${IDENTITY_SCOPE}` },
    { expiresIn: 3600 },
  );
  const service = await startOrder(config, {
    logger,
    port: 0,
    databaseUrl: database.url,
    rabbitmqUrl: vhost.url,
    catalogAddress: catalog.address,
    identityAddress: identity.address,
    tokens: { token: async () => serviceToken, invalidate: () => undefined },
  });
  const bearer = async (sub: string, role: 'admin' | 'customer') =>
    `Bearer ${await issuer.sign({ sub, role, scope: 'shop.api' }, { expiresIn: 3600 })}`;
  const snapshot = databaseSnapshotter((sql) => service.dataSource.query(sql));

  return {
    service,
    database,
    vhost,
    issuer,
    catalog,
    identity,
    customer: async (id = randomUUID()) => {
      identity.put({ id, firstName: 'Ada', lastName: 'Lovelace' });
      return { id, authorization: await bearer(id, 'customer') };
    },
    admin: async () => {
      const id = randomUUID();
      return { id, authorization: await bearer(id, 'admin') };
    },
    product: (fields = {}) => {
      const id = randomUUID();
      catalog.put({ id, name: 'Espresso cup', unitPriceCents: 1999, availableStock: 12, ...fields });
      return id;
    },
    place: (caller, items, headers = {}) =>
      service.app.inject({
        method: 'POST',
        url: ORDERS_URL,
        headers: { authorization: caller.authorization, ...headers },
        payload: { items, shippingAddress: ADDRESS },
      }),
    snapshot,
    stop: async () => {
      await service.stop();
      await Promise.all([catalog.stop(), identity.stop()]);
      await Promise.all([database.drop(), vhost.drop(), issuer.stop()]);
    },
  };
}
