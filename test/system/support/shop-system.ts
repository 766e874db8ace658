import { randomUUID } from 'node:crypto';
import type { RunningService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@shop/building-blocks/testing';
import { loadCatalogConfig } from '../../../services/catalog/src/config';
import { startCatalog } from '../../../services/catalog/src/service';
import {
  type IdentityTestHost,
  startIdentityForTest,
  TEST_SERVICE_SECRET,
} from '../../../services/identity/src/test/identity-test-host';
import { loadOrderConfig } from '../../../services/order/src/config';
import { startOrder } from '../../../services/order/src/service';

export interface ShopSystemOptions {
  /** Instances of catalog and of order side by side (competing consumers, one outbox table each). */
  instances?: number;
  /** ORDER_PENDING_TIMEOUT_MS of every order instance. */
  pendingTimeoutMs?: number;
  pendingSweepIntervalMs?: number;
  grpcDeadlineMs?: number;
}

export interface Customer {
  id: string;
  authorization: string;
}

/**
 * The three real services in this process, as production wires them: identity (JWKS, service tokens, GetUser),
 * catalog (GetProducts, stock reservation) and order, on one RabbitMQ vhost, each with its own database. Catalog
 * and order can run as several instances; each order instance calls the catalog instance of the same index.
 */
export class ShopSystem {
  readonly catalogs: (RunningService | undefined)[] = [];
  readonly orders: RunningService[] = [];
  private catalogGrpcPorts: number[] = [];

  private constructor(
    readonly identity: IdentityTestHost,
    readonly vhost: TestVhost,
    readonly catalogDatabase: TestDatabase,
    readonly orderDatabase: TestDatabase,
    private readonly options: ShopSystemOptions,
  ) {}

  static async start(options: ShopSystemOptions = {}): Promise<ShopSystem> {
    const [identity, vhost, catalogDatabase, orderDatabase] = await Promise.all([
      startIdentityForTest(),
      createTestVhost('system'),
      createTestDatabase('catalog'),
      createTestDatabase('order'),
    ]);
    const system = new ShopSystem(identity, vhost, catalogDatabase, orderDatabase, options);
    const instances = options.instances ?? 1;
    for (let index = 0; index < instances; index++) await system.startCatalog(index);
    for (let index = 0; index < instances; index++) await system.startOrder(index);
    return system;
  }

  get catalog(): RunningService {
    const running = this.catalogs.find((service) => service !== undefined);
    if (!running) throw new Error('no catalog instance is running');
    return running;
  }

  get order(): RunningService {
    const [first] = this.orders;
    if (!first) throw new Error('no order instance is running');
    return first;
  }

  /** Starts catalog instance `index` again on the gRPC port it had, so the order instances find it. */
  async startCatalog(index: number): Promise<RunningService> {
    const config = loadCatalogConfig({ ...process.env, NODE_ENV: 'test', ...this.identityEnv() });
    const service = await startCatalog(config, {
      logger: logger(`catalog${index}`),
      port: 0,
      grpcPort: this.catalogGrpcPorts[index] ?? 0,
      databaseUrl: this.catalogDatabase.url,
      rabbitmqUrl: this.vhost.url,
    });
    const grpc = service.grpc;
    if (!grpc) throw new Error('catalog started without its gRPC server');
    this.catalogGrpcPorts[index] = grpc.port;
    this.catalogs[index] = service;
    return service;
  }

  async stopCatalog(index: number): Promise<void> {
    await this.catalogs[index]?.stop();
    this.catalogs[index] = undefined;
  }

  private async startOrder(index: number): Promise<void> {
    const grpcPort = this.catalogGrpcPorts[index];
    if (grpcPort === undefined) throw new Error(`catalog ${index} was never started`);
    const config = loadOrderConfig({
      ...process.env,
      NODE_ENV: 'test',
      ...this.identityEnv(),
      ORDER_CLIENT_SECRET: TEST_SERVICE_SECRET,
      ORDER_PENDING_TIMEOUT_MS: String(this.options.pendingTimeoutMs ?? 60_000),
      ORDER_PENDING_SWEEP_INTERVAL_MS: String(this.options.pendingSweepIntervalMs ?? 1_000),
      ORDER_GRPC_DEADLINE_MS: String(this.options.grpcDeadlineMs ?? 2_000),
    });
    this.orders[index] = await startOrder(config, {
      logger: logger(`order${index}`),
      port: 0,
      databaseUrl: this.orderDatabase.url,
      rabbitmqUrl: this.vhost.url,
      catalogAddress: `127.0.0.1:${grpcPort}`,
      identityAddress: `127.0.0.1:${this.identity.service.grpc.port}`,
    });
  }

  private identityEnv(): Record<string, string> {
    return {
      IDENTITY_URL: this.identity.service.url,
      AUTH_ISSUER: this.identity.config.AUTH_ISSUER,
      AUTH_AUDIENCE: this.identity.config.AUTH_AUDIENCE,
    };
  }

  async admin(): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.identity.adminToken()}` };
  }

  async customer(): Promise<Customer> {
    const registered = await this.identity.customer();
    return { id: registered.id, authorization: `Bearer ${registered.accessToken}` };
  }

  async createProduct(fields: { stock: number; price?: number; name?: string }): Promise<string> {
    const response = await fetch(`${this.catalog.url}/api/v1/catalog/products`, {
      method: 'POST',
      headers: { ...(await this.admin()), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: fields.name ?? `Product ${randomUUID().slice(0, 8)}`,
        description: 'made by a system test',
        price: fields.price ?? 10,
        stock: fields.stock,
      }),
    });
    if (response.status !== 201) throw new Error(`create product: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  async stock(productId: string): Promise<{ available: number; reserved: number }> {
    const [row] = await this.catalogDatabase.query<{ available: number; reserved: number }>(
      'SELECT available_stock AS available, reserved_stock AS reserved FROM products WHERE id = $1',
      [productId],
    );
    if (!row) throw new Error(`no product ${productId}`);
    return row;
  }

  /** Waits until every message id has been handled (its inbox row committed) by catalog or order. */
  async handled(messageIds: readonly string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const inboxes = [this.catalogDatabase, this.orderDatabase];
    for (;;) {
      const seen = new Set<string>();
      for (const database of inboxes) {
        const rows = await database.query<{ message_id: string }>(
          'SELECT message_id FROM messaging_inbox WHERE message_id = ANY($1)',
          [messageIds],
        );
        for (const row of rows) seen.add(row.message_id);
      }
      if (messageIds.every((id) => seen.has(id))) return;
      if (Date.now() > deadline) throw new Error(`messages not handled within ${timeoutMs} ms: ${messageIds}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    for (const order of this.orders) await order.stop();
    for (const catalog of this.catalogs) await catalog?.stop();
    await this.identity.stop();
    await Promise.all([this.vhost.drop(), this.catalogDatabase.drop(), this.orderDatabase.drop()]);
  }
}

function logger(service: string) {
  return createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}
