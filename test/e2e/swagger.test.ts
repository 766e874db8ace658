import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startBuiltCatalog } from './support/services';

// Debian's Chromium (`apt-get install chromium`), driven by playwright-core: no browser is ever downloaded.
// Without the background-networking flags Chromium keeps trying to reach Google's hosts from a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

describe('Swagger UI of the built catalog', () => {
  let catalog: RunningService;
  let browser: Browser;
  beforeAll(async () => {
    catalog = await startBuiltCatalog();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await catalog?.stop();
  });

  it('renders every product operation from /swagger/json', async () => {
    // Given the catalog's Swagger UI open in a browser
    const page = await browser.newPage();
    await page.goto(`${catalog.url}/swagger`);
    // When the UI has loaded the OpenAPI document and drawn its operations
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    const operations = await page.locator('.opblock-summary').allInnerTexts();
    const screenshot = join(await mkdtemp(join(tmpdir(), 'shop-e2e-')), 'catalog-swagger.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    // Then each product route is listed with its method, and the page really painted
    const normalized = operations.map((text) => text.replace(/\s+/g, ' ').replace(/\u200b/g, ''));
    for (const [method, path] of [
      ['POST', '/api/v1/catalog/products'],
      ['GET', '/api/v1/catalog/products'],
      ['GET', '/api/v1/catalog/products/{id}'],
      ['PUT', '/api/v1/catalog/products/{id}'],
      ['DELETE', '/api/v1/catalog/products/{id}'],
      ['POST', '/api/v1/catalog/products/{id}/stock'],
    ]) {
      expect(normalized.some((text) => text.startsWith(`${method} ${path} `) || text === `${method} ${path}`)).toBe(
        true,
      );
    }
    await expect(page.locator('.information-container .title').textContent()).resolves.toContain('catalog');
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    console.info(`Swagger UI screenshot: ${screenshot}`);
  });
});
