import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningService, startBuiltCatalog, startBuiltIdentity } from './support/services';

// Debian's Chromium (`apt-get install chromium`), driven by playwright-core: no browser is ever downloaded.
// Without the background-networking flags Chromium keeps trying to reach Google's hosts from a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Opens `<url>/swagger` and waits until the UI has drawn the operations of the OpenAPI document. */
async function openSwagger(page: Page, url: string): Promise<string[]> {
  await page.goto(`${url}/swagger`);
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  const operations = await page.locator('.opblock-summary').allInnerTexts();
  return operations.map((text) => text.replace(/\s+/g, ' ').replace(/\u200b/g, ''));
}

/** Full-page screenshot; a page that painted nothing (blank, or an error line) stays far below 10 kB. */
async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'shop-e2e-')), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect((await stat(path)).size).toBeGreaterThan(10_000);
  console.info(`Swagger UI screenshot: ${path}`);
  return path;
}

function expectOperations(operations: string[], expected: [method: string, path: string][]): void {
  for (const [method, path] of expected) {
    const listed = operations.some((text) => text.startsWith(`${method} ${path} `) || text === `${method} ${path}`);
    expect(listed, `${method} ${path} in ${operations.join(' | ')}`).toBe(true);
  }
}

/** Fills the Authorize dialog's OAuth2 password flow as the seeded admin and submits it. */
async function authorizeAsAdmin(page: Page, tokenUrl: string): Promise<{ token: Response; oauth2: Locator }> {
  await page.locator('.auth-wrapper .authorize').click();
  const oauth2 = page.locator('.modal-ux .auth-container').filter({ hasText: 'oauth2 (OAuth2, password)' });
  await oauth2.locator('input#oauth_username').fill('admin');
  // Admin@12345 is the development default of IDENTITY_ADMIN_PASSWORD.
  await oauth2.locator('input#oauth_password').fill('Admin@12345');
  // shop-client is public (no secret): it names itself in the form body (RFC 6749 §3.2.1).
  await oauth2.locator('select#password_type').selectOption('request-body');
  await oauth2.locator('input[id^="client_id"]').fill('shop-client');
  const token = page.waitForResponse((response) => response.url() === tokenUrl);
  await oauth2.locator('button.authorize').click();
  return { token: await token, oauth2 };
}

describe('Swagger UI of the built services', () => {
  let identity: RunningService;
  let catalog: RunningService;
  let browser: Browser;
  beforeAll(async () => {
    // The catalog's port is chosen first: its Swagger UI posts to identity's token endpoint from that origin (CORS).
    const catalogPort = await freePort();
    identity = await startBuiltIdentity({ IDENTITY_CORS_ORIGINS: `http://127.0.0.1:${catalogPort}` });
    catalog = await startBuiltCatalog(identity, { port: catalogPort });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await catalog?.stop();
    await identity?.stop();
  });

  it('renders every product operation of the catalog from /swagger/json', async () => {
    // Given the catalog's Swagger UI open in a browser
    const page = await browser.newPage();
    // When the UI has loaded the OpenAPI document and drawn its operations
    const operations = await openSwagger(page, catalog.url);
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

  it("offers the catalog's bearer and OAuth2 password schemes behind Authorize, with identity's token URL", async () => {
    // Given the catalog's Swagger UI
    const page = await browser.newPage();
    await openSwagger(page, catalog.url);
    // When the Authorize button is clicked
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.waitFor({ timeout: 10_000 });
    // Then the dialog offers both security schemes, and the password flow posts to the identity instance
    const text = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('bearer (http, Bearer)');
    expect(text).toContain('oauth2 (OAuth2, password)');
    expect(text).toContain(`${identity.url}/connect/token`);
    await screenshot(page, 'catalog-swagger-authorize');
  });

  it('logs the admin in through Authorize, and a locked route then sends its token', async () => {
    // Given the catalog's Authorize dialog, filled in for the password flow of the development client
    const page = await browser.newPage();
    await openSwagger(page, catalog.url);
    const lockedOperations = await page.locator('.opblock:has(.authorization__btn)').allInnerTexts();
    // When Authorize is submitted: Swagger UI posts the form to identity's token endpoint
    const { token, oauth2 } = await authorizeAsAdmin(page, `${identity.url}/connect/token`);
    // Then identity issued a token and the dialog shows the scheme as authorized
    expect(token.status(), await token.text()).toBe(200);
    await page.locator('.modal-ux').locator('button', { hasText: 'Logout' }).waitFor({ timeout: 10_000 });
    await expect(oauth2.textContent()).resolves.toContain('Authorized');
    await screenshot(page, 'catalog-swagger-authorized');
    await page.locator('.modal-ux .close-modal').click();
    // When "Try it out" creates a product
    const create = page.locator('#operations-products-post_api_v1_catalog_products');
    await create.locator('.opblock-summary').click();
    await create.locator('button.try-out__btn').click();
    await create
      .locator('textarea.body-param__text')
      .fill('{"name":"Swagger mug","description":"","price":9.5,"stock":3}');
    const created = page.waitForResponse((response) => response.url() === `${catalog.url}/api/v1/catalog/products`);
    await create.locator('button.execute').click();
    // Then the request carried the admin's bearer token and the product was created
    const response = await created;
    expect(response.request().headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(response.status(), await response.text()).toBe(201);
    // And only the four admin routes (create, update, delete, restock) are locked
    expect(lockedOperations.map((text) => text.split('\n').slice(0, 2).join(' '))).toEqual([
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
    const operations = await openSwagger(page, identity.url);
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
});
