import { type EventProbe, probeEvents } from '@shop/building-blocks/testing';
import {
  ProductCreated,
  type ProductCreatedV1,
  ProductDeleted,
  type ProductDeletedV1,
  ProductUpdated,
  type ProductUpdatedV1,
} from '@shop/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from '../test/catalog-test-host';
import { createProduct, newProduct, PRODUCTS_URL } from '../test/products';

describe('product integration events', () => {
  let host: CatalogTestHost;
  let created: EventProbe<ProductCreatedV1>;
  let updated: EventProbe<ProductUpdatedV1>;
  let deleted: EventProbe<ProductDeletedV1>;

  beforeAll(async () => {
    host = await startCatalogForTest();
    [created, updated, deleted] = await Promise.all([
      probeEvents(host.vhost.url, ProductCreated),
      probeEvents(host.vhost.url, ProductUpdated),
      probeEvents(host.vhost.url, ProductDeleted),
    ]);
  });
  afterAll(async () => {
    await Promise.all([created.close(), updated.close(), deleted.close()]);
    await host.stop();
  });

  it('publishes ProductCreated, ProductUpdated and ProductDeleted through the outbox', async () => {
    // Given a product created, then renamed, then deleted through the API
    const product = await createProduct(host, { name: 'Event cup', price: 12.5, stock: 4 });
    const put = await host.service.app.inject({
      method: 'PUT',
      headers: host.admin,
      url: `${PRODUCTS_URL}/${product.id}`,
      payload: { name: 'Event mug', description: 'Stoneware', price: 14 },
    });
    expect(put.statusCode).toBe(200);
    const del = await host.service.app.inject({
      method: 'DELETE',
      headers: host.admin,
      url: `${PRODUCTS_URL}/${product.id}`,
    });
    expect(del.statusCode).toBe(204);

    // Then each change arrives once on its exchange, with its payload and envelope
    const whenCreated = await created.waitFor((event) => event.payload.productId === product.id);
    expect(whenCreated.payload).toMatchObject({ name: 'Event cup', price: 12.5, availableStock: 4 });
    expect(whenCreated.type).toBe('ProductCreated');
    expect(whenCreated.headers.source).toBe('catalog');
    const whenUpdated = await updated.waitFor((event) => event.payload.productId === product.id);
    expect(whenUpdated.payload).toMatchObject({ name: 'Event mug', description: 'Stoneware', price: 14 });
    await deleted.waitFor((event) => event.payload.productId === product.id);
    expect(created.received.filter((event) => event.payload.productId === product.id)).toHaveLength(1);
  });

  it('publishes nothing for a refused command', async () => {
    // Given an invalid create followed by a valid one (the valid one's event proves the first had time to appear)
    const refused = await host.service.app.inject({
      method: 'POST',
      headers: host.admin,
      url: PRODUCTS_URL,
      payload: newProduct({ name: 'Refused cup', price: -1 }),
    });
    expect(refused.statusCode).toBe(400);
    const marker = await createProduct(host, { name: 'Marker cup' });

    // Then only the valid one was published
    await created.waitFor((event) => event.payload.productId === marker.id);
    expect(created.received.some((event) => event.payload.name === 'Refused cup')).toBe(false);
  });
});
