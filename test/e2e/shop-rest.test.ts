import { afterAll, beforeAll, describe, it } from 'vitest';
import { type BuiltShop, startBuiltShop } from './support/services';
import { expectEveryExpectationHolds, sendShopRest } from './support/shop-rest';

describe('shop.rest against the built services', () => {
  let shop: BuiltShop;
  beforeAll(async () => {
    shop = await startBuiltShop();
  });
  afterAll(() => shop?.stop());

  it('runs every request of the story and every expectation holds', async () => {
    // Given shop.rest pointed at freshly started services
    const { identity, catalog, order } = shop;
    // When httpyac sends all of its requests, in order
    const run = await sendShopRest({ baseUrls: { identity: identity.url, catalog: catalog.url, order: order.url } });
    // Then every request ran, each had expectations, and none failed
    expectEveryExpectationHolds(run, shop.output());
  });
});
