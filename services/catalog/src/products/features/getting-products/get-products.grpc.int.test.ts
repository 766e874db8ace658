import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { BusinessRuleError } from '@shop/building-blocks/errors';
import { CATALOG_SERVICE, GrpcClient, loadService } from '@shop/building-blocks/grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../../../test/catalog-test-host';
import { createProduct, type ProductJson, UNKNOWN_ID } from '../../../test/products';
import type { GetProductsReply } from './get-products.grpc';

const Catalog = loadService(CATALOG_SERVICE.proto, CATALOG_SERVICE.name);
const OTHER_UNKNOWN_ID = '01a20000-0000-7000-8000-0000000000ff';

type Outcome = { reply: GetProductsReply; error?: undefined } | { reply?: undefined; error: ServiceError };
type RawGetProducts = (
  request: object,
  metadata: Metadata,
  callback: (e: ServiceError | null, r: never) => void,
) => void;

describe('CatalogService/GetProducts over gRPC', () => {
  let host: CatalogTestHost;
  let cup: ProductJson;
  let mug: ProductJson;
  beforeAll(async () => {
    host = await startCatalogForTest();
    cup = await createProduct(host, { name: 'Espresso cup', price: 19.99, stock: 12 });
    mug = await createProduct(host, { name: 'Mug', price: 7.5, stock: 0 });
  });
  afterAll(() => host.stop());

  /** One raw call, so that each test sees the exact status code the server chose. */
  async function getProducts(ids: unknown, token?: string): Promise<Outcome> {
    const client = new Catalog(host.grpcAddress, credentials.createInsecure());
    const metadata = new Metadata();
    if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
    const call = (client as unknown as Record<string, RawGetProducts>).GetProducts;
    try {
      return await new Promise<Outcome>((resolve) =>
        call?.call(client, { ids }, metadata, (error, reply) => resolve(error ? { error } : { reply })),
      );
    } finally {
      client.close();
    }
  }

  it('answers each product with its exact price in cents and its available stock', async () => {
    // Given an order service token; when it asks for two products, one of them twice
    const { reply, error } = await getProducts([mug.id, cup.id, mug.id], await host.serviceToken());

    // Then each product comes once, in the order first asked for
    expect(error).toBeUndefined();
    expect(reply?.products).toEqual([
      { id: mug.id, name: 'Mug', unitPriceCents: 750, availableStock: 0 },
      { id: cup.id, name: 'Espresso cup', unitPriceCents: 1999, availableStock: 12 },
    ]);
  });

  it('answers NOT_FOUND naming every unknown id, which the order service turns into a 422', async () => {
    const { error } = await getProducts([UNKNOWN_ID, cup.id, OTHER_UNKNOWN_ID], await host.serviceToken());
    expect(error?.code).toBe(status.NOT_FOUND);
    expect(error?.details).toContain(UNKNOWN_ID);
    expect(error?.details).toContain(OTHER_UNKNOWN_ID);
    expect(error?.details).not.toContain(cup.id);

    const client = new GrpcClient(Catalog, {
      address: host.grpcAddress,
      dependency: 'catalog',
      tokens: { token: () => host.serviceToken(), invalidate: () => undefined },
    });
    const call = client.call('GetProducts', { ids: [UNKNOWN_ID] }, { notFound: (d) => new BusinessRuleError(d) });
    await expect(call).rejects.toMatchObject({ status: 422, message: expect.stringContaining(UNKNOWN_ID) });
    client.close();
  });

  it.each([
    { case: 'an id that is not a UUID', ids: () => [cup.id, 'espresso-cup'] },
    { case: 'no id at all', ids: () => [] },
    { case: 'more than 100 ids', ids: () => Array.from({ length: 101 }, () => cup.id) },
    { case: 'an id with a NUL character', ids: () => [`${cup.id}\u0000`] },
  ])('refuses $case with INVALID_ARGUMENT naming the field', async ({ ids }) => {
    const { error } = await getProducts(ids(), await host.serviceToken());
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toContain('ids');
  });

  it('accepts exactly 100 ids', async () => {
    const { reply } = await getProducts(
      Array.from({ length: 100 }, () => cup.id),
      await host.serviceToken(),
    );
    expect(reply?.products.map((product) => product.id)).toEqual([cup.id]);
  });

  it('refuses a call without a token with UNAUTHENTICATED', async () => {
    const { error } = await getProducts([cup.id]);
    expect(error?.code).toBe(status.UNAUTHENTICATED);
  });

  it('refuses an expired or foreign-signed token with UNAUTHENTICATED', async () => {
    const claims = { sub: 'order-service', client_id: 'order-service', scope: 'catalog.products.read' };
    const expired = await getProducts([cup.id], await host.issuer.sign(claims, { expiresIn: -120 }));
    const foreign = await getProducts([cup.id], await host.issuer.signWithForeignKey(claims));
    expect([expired.error?.code, foreign.error?.code]).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED]);
  });

  it('refuses a token without catalog.products.read with PERMISSION_DENIED, admin or customer alike', async () => {
    const tokens = [
      await host.serviceToken('identity.users.read'),
      await host.issuer.adminToken(),
      await host.issuer.customerToken(),
    ];
    const codes = await Promise.all(tokens.map(async (token) => (await getProducts([cup.id], token)).error?.code));
    expect(codes).toEqual([status.PERMISSION_DENIED, status.PERMISSION_DENIED, status.PERMISSION_DENIED]);
  });
});
