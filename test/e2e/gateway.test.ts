import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NginxGateway, startNginxGateway } from './support/nginx-gateway';
import { type BuiltShop, freePort, startBuiltShop } from './support/services';
import { ADMIN } from './support/shop-api';
import { expectEveryExpectationHolds, sendShopRest } from './support/shop-rest';
import {
  authorize,
  expectOperations,
  launchChromium,
  openSwagger,
  operationSummaries,
  screenshot,
} from './support/swagger-ui';

const SERVICES = ['identity', 'catalog', 'order'] as const;
/** What docker-compose.yaml gives identity, whose Swagger UI is the gateway's `/swagger`. */
const SWAGGER_DOCUMENTS = 'identity=/docs/identity.json,catalog=/docs/catalog.json,order=/docs/order.json';

/** The port of the upstream each access-log line names (`upstream=127.0.0.1:5000`). */
function upstreamPorts(lines: string[]): Set<number> {
  return new Set([...lines.join('\n').matchAll(/ upstream=[\d.]+:(\d+) /g)].map(([, port]) => Number(port)));
}

describe('the nginx gateway of docker-compose in front of the built services', () => {
  let shop: BuiltShop;
  let gateway: NginxGateway;
  let browser: Browser;
  beforeAll(async () => {
    // The issuer is the gateway, as in Compose: discovery and Swagger UI's Authorize point the browser there.
    const port = await freePort();
    shop = await startBuiltShop({ env: { AUTH_ISSUER: `http://127.0.0.1:${port}`, SWAGGER_DOCUMENTS } });
    gateway = await startNginxGateway(port, {
      identity: shop.identity.url,
      catalog: shop.catalog.url,
      order: shop.order.url,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await shop?.stop();
  });

  it('runs shop.rest through the one entry point and every expectation holds', async () => {
    // Given shop.rest with all three base URLs at the gateway; only the services' own roots (`GET {{catalog}}/`,
    // which name the service) are asked directly, as the gateway exposes no service's `/`
    const logged = (await gateway.accessLog()).length;
    // When httpyac sends all of its requests, in order
    const run = await sendShopRest({
      baseUrls: { identity: gateway.url, catalog: gateway.url, order: gateway.url },
      serviceRoots: { identity: shop.identity.url, catalog: shop.catalog.url, order: shop.order.url },
    });
    // Then every expectation holds
    expectEveryExpectationHolds(run, `${shop.output()}\n${gateway.output()}`);
    // And every other request went through nginx, which routed to each of the three services
    const lines = (await gateway.accessLog()).slice(logged);
    expect(lines, lines.join('\n')).toHaveLength(run.requests - SERVICES.length);
    const ports = SERVICES.map((name) => Number(new URL(shop[name].url).port));
    expect(upstreamPorts(lines)).toEqual(new Set(ports));
  });

  it.each(SERVICES)("serves %s's OpenAPI document at /docs/<name>.json", async (name) => {
    // Given the document the service serves itself
    const own = await (await fetch(`${shop[name].url}/swagger/json`)).json();
    // When it is fetched through the gateway
    const response = await fetch(`${gateway.url}/docs/${name}.json`);
    // Then it is the same document, titled with the service's name
    expect(response.status).toBe(200);
    const document = (await response.json()) as { info: { title: string } };
    expect(document).toEqual(own);
    expect(document.info.title).toBe(name);
  });

  it('serves one Swagger UI listing the three documents, whose Authorize logs in through the gateway', async () => {
    // Given the gateway's Swagger UI open in a browser
    browser = await launchChromium();
    const page = await browser.newPage();
    const identityOperations = await openSwagger(page, gateway.url);
    expectOperations(identityOperations, [['POST', '/connect/token']]);
    // When the top bar's dropdown is read and catalog chosen from it
    const dropdown = page.locator('.topbar select');
    const options = await dropdown.locator('option').allInnerTexts();
    await dropdown.selectOption({ label: 'catalog' });
    await page.locator('#operations-products-post_api_v1_catalog_products').waitFor({ timeout: 30_000 });
    const catalogOperations = await operationSummaries(page);
    // Then the dropdown lists the three services, and catalog's operations replace identity's
    expect(options).toEqual([...SERVICES]);
    expectOperations(catalogOperations, [
      ['POST', '/api/v1/catalog/products'],
      ['GET', '/api/v1/catalog/products/{id}'],
    ]);
    expect(
      catalogOperations.filter((text) => text.includes('/connect/')),
      'identity operations left',
    ).toEqual([]);
    // And Authorize posts the admin's password grant to the gateway's token endpoint, which answers 200
    await authorize(page, `${gateway.url}/connect/token`, ADMIN, 'gateway-swagger-authorized');
    await screenshot(page, 'gateway-swagger-catalog');
  });

  it('exposes nothing else, and answers what it refuses itself with problem details', async () => {
    // Given a path no route names, and a body over the services' 1 MiB limit
    const health = await fetch(`${gateway.url}/health/ready`);
    const tooLarge = await fetch(`${gateway.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1_048_577),
    });
    // Then the gateway answers 404 and 413 itself, as RFC 9457 problem details
    for (const [response, status] of [
      [health, 404],
      [tooLarge, 413],
    ] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { status: number }).status).toBe(status);
    }
  });
});
