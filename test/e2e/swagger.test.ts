import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltShop, startBuiltShop } from './support/services';
import { ADMIN, SHIPPING_ADDRESS, ShopApi } from './support/shop-api';
import {
  authorize,
  authorizeDialogText,
  expectOperations,
  launchChromium,
  methodsAndPaths,
  openSwagger,
  screenshot,
  tryItOut,
} from './support/swagger-ui';

const BEARER_JWT = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;
const TEAPOT = { name: 'Swagger teapot', description: 'Stoneware, 1 l', price: 24.5, stock: 5 };

describe('Swagger UI of the built services', () => {
  let shop: BuiltShop;
  let browser: Browser;
  beforeAll(async () => {
    // Identity's CORS lets the Swagger UIs of catalog and order post to its token endpoint (Authorize).
    shop = await startBuiltShop({ browserOrigins: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
  });

  it('renders every product operation of the catalog from /swagger/json', async () => {
    // Given the catalog's Swagger UI open in a browser
    const page = await browser.newPage();
    // When the UI has loaded the OpenAPI document and drawn its operations
    const operations = await openSwagger(page, shop.catalog.url);
    // Then each product route is listed with its method, and the page really painted
    expectOperations(operations, [
      ['POST', '/api/v1/catalog/products'],
      ['GET', '/api/v1/catalog/products'],
      ['GET', '/api/v1/catalog/products/{id}'],
      ['PUT', '/api/v1/catalog/products/{id}'],
      ['DELETE', '/api/v1/catalog/products/{id}'],
      ['POST', '/api/v1/catalog/products/{id}/stock'],
    ]);
    await expect(page.locator('.information-container .title').textContent()).resolves.toContain('catalog');
    await screenshot(page, 'catalog-swagger');
  });

  it.each(['catalog', 'order'] as const)(
    "offers %s's bearer and OAuth2 password schemes behind Authorize, with identity's token URL",
    async (service) => {
      // Given the service's Swagger UI
      const page = await browser.newPage();
      await openSwagger(page, shop[service].url);
      // When the Authorize button is clicked
      const text = await authorizeDialogText(page);
      // Then the dialog offers both security schemes, and the password flow posts to the identity instance
      expect(text).toContain('bearer (http, Bearer)');
      expect(text).toContain('oauth2 (OAuth2, password)');
      expect(text).toContain(`${shop.identity.url}/connect/token`);
      await screenshot(page, `${service}-swagger-authorize`);
    },
  );

  it('logs the admin in through Authorize, and a locked route then sends its token', async () => {
    // Given the catalog's Swagger UI
    const page = await browser.newPage();
    await openSwagger(page, shop.catalog.url);
    const lockedOperations = await page.locator('.opblock:has(.authorization__btn) .opblock-summary').allInnerTexts();
    // When Authorize is submitted for the admin: Swagger UI posts the form to identity's token endpoint
    await authorize(page, `${shop.identity.url}/connect/token`, ADMIN, 'catalog-swagger-authorized');
    // And "Try it out" creates a product
    const create = await tryItOut(page, 'operations-products-post_api_v1_catalog_products');
    await create
      .locator('textarea.body-param__text')
      .fill('{"name":"Swagger mug","description":"","price":9.5,"stock":3}');
    const sent = page.waitForResponse((response) => response.url() === `${shop.catalog.url}/api/v1/catalog/products`);
    await create.locator('button.execute').click();
    // Then the request carried the admin's bearer token and the product was created
    const response = await sent;
    expect(response.request().headers().authorization).toMatch(BEARER_JWT);
    expect(response.status(), await response.text()).toBe(201);
    // And only the four admin routes (create, update, delete, restock) are locked
    expect(methodsAndPaths(lockedOperations)).toEqual([
      'POST /api/v1/catalog/products',
      'PUT /api/v1/catalog/products/{id}',
      'DELETE /api/v1/catalog/products/{id}',
      'POST /api/v1/catalog/products/{id}/stock',
    ]);
    await screenshot(page, 'catalog-swagger-created');
  });

  it('renders the token endpoint and the user routes of identity', async () => {
    // Given identity's Swagger UI open in a browser
    const page = await browser.newPage();
    // When the UI has drawn its operations
    const operations = await openSwagger(page, shop.identity.url);
    // Then the OAuth2 endpoints and every user route are listed
    expectOperations(operations, [
      ['POST', '/connect/token'],
      ['GET', '/connect/userinfo'],
      ['GET', '/.well-known/jwks.json'],
      ['POST', '/api/v1/identity/users'],
      ['GET', '/api/v1/identity/users'],
      ['GET', '/api/v1/identity/users/{id}'],
      ['PUT', '/api/v1/identity/users/{id}'],
      ['DELETE', '/api/v1/identity/users/{id}'],
    ]);
    await expect(page.locator('.information-container .title').textContent()).resolves.toContain('identity');
    await screenshot(page, 'identity-swagger');
  });

  it('renders every order operation (place, list, get, cancel), each behind Authorize', async () => {
    // Given order's Swagger UI open in a browser
    const page = await browser.newPage();
    // When the UI has drawn the operations of its OpenAPI document
    const operations = methodsAndPaths(await openSwagger(page, shop.order.url));
    const locked = await page.locator('.opblock:has(.authorization__btn) .opblock-summary').allInnerTexts();
    // Then it lists exactly the four order routes of DESIGN §3, every one of them locked
    const routes = [
      'POST /api/v1/orders',
      'GET /api/v1/orders',
      'GET /api/v1/orders/{id}',
      'POST /api/v1/orders/{id}/cancel',
    ];
    expect(operations.toSorted()).toEqual(routes.toSorted());
    expect(methodsAndPaths(locked).toSorted()).toEqual(routes.toSorted());
    await expect(page.locator('.information-container .title').textContent()).resolves.toContain('order');
    await screenshot(page, 'order-swagger');
  });

  it('lets a customer authorize and place an order with "Try it out", Idempotency-Key included', async () => {
    // Given a product the admin created and a customer who registered, both through the API
    const api = new ShopApi(shop);
    const product = await api.createProduct(TEAPOT);
    const customer = await api.registerCustomer({ firstName: 'Grace', lastName: 'Hopper' });
    const page = await browser.newPage();
    await openSwagger(page, shop.order.url);
    // When the customer authorizes in order's Swagger UI with the password flow
    await authorize(page, `${shop.identity.url}/connect/token`, customer, 'order-swagger-customer-authorized');
    // And "Try it out" on "place an order" is filled with an Idempotency-Key and the product, then executed
    const place = await tryItOut(page, 'operations-orders-post_api_v1_orders');
    const idempotencyKey = `swagger-${randomUUID()}`;
    await place.locator('tr[data-param-name="idempotency-key"] input').fill(idempotencyKey);
    const body = { items: [{ productId: product.id, quantity: 2 }], shippingAddress: SHIPPING_ADDRESS };
    await place.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
    await screenshot(page, 'order-swagger-place-order-filled');
    const sent = page.waitForResponse(
      (response) => response.url() === `${shop.order.url}/api/v1/orders` && response.request().method() === 'POST',
    );
    await place.locator('button.execute').click();
    // Then the request carried the customer's bearer token and the key, and order answered 201
    const response = await sent;
    expect(response.request().headers().authorization).toMatch(BEARER_JWT);
    expect(response.request().headers()['idempotency-key']).toBe(idempotencyKey);
    expect(response.status(), await response.text()).toBe(201);
    const placed = (await response.json()) as { id: string; status: string };
    expect(placed.status).toBe('Pending');
    const shownStatus = place.locator('.live-responses-table tbody .response-col_status');
    await shownStatus.waitFor({ timeout: 10_000 });
    await expect(shownStatus.textContent()).resolves.toContain('201');
    await screenshot(page, 'order-swagger-order-placed');
    // And the order, read through the API with the customer's token, belongs to that customer
    const order = await api.getOrder(customer.token, placed.id);
    expect(order.customerId).toBe(customer.id);
    expect(order.customerName).toBe('Grace Hopper');
    expect(order.items.map((line) => line.productId)).toEqual([product.id]);
  });
});
