import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { repositoryRoot } from './services';
import { CLIENT_ID } from './shop-api';

// Debian's Chromium (`apt-get install chromium`), driven by playwright-core: no browser is ever downloaded.
// Without the background-networking flags Chromium keeps trying to reach Google's hosts from a closed network.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Where the screenshots stay after the run (git-ignored), for CI to keep as artifacts of the test. */
export const SCREENSHOTS_DIR = join(repositoryRoot, 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  console.info(`Swagger UI screenshots: ${SCREENSHOTS_DIR}`);
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Opens `<url>/swagger` and waits until the UI has drawn the operations of the OpenAPI document. */
export async function openSwagger(page: Page, url: string): Promise<string[]> {
  await page.goto(`${url}/swagger`);
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  return operationSummaries(page);
}

/** The operation summaries the UI shows now, each on one line. */
export async function operationSummaries(page: Page): Promise<string[]> {
  return (await page.locator('.opblock-summary').allInnerTexts()).map(normalized);
}

/** `METHOD /path` of each operation summary the UI shows, in its order. */
export function methodsAndPaths(summaries: string[]): string[] {
  return summaries.map(normalized).map((text) => text.split(' ').slice(0, 2).join(' '));
}

/** An operation summary's text on one line, without the zero-width spaces the UI breaks long paths with. */
function normalized(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\u200b/g, '')
    .trim();
}

/** Full-page screenshot; a page that painted nothing (blank, or an error line) stays far below 10 kB. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect((await stat(path)).size).toBeGreaterThan(10_000);
  return path;
}

export function expectOperations(operations: string[], expected: [method: string, path: string][]): void {
  for (const [method, path] of expected) {
    const listed = operations.some((text) => text.startsWith(`${method} ${path} `) || text === `${method} ${path}`);
    expect(listed, `${method} ${path} in ${operations.join(' | ')}`).toBe(true);
  }
}

/** Opens the Authorize dialog and returns its text, whitespace collapsed. */
export async function authorizeDialogText(page: Page): Promise<string> {
  await page.locator('.auth-wrapper .authorize').click();
  const dialog = page.locator('.modal-ux');
  await dialog.waitFor({ timeout: 10_000 });
  return ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ');
}

/**
 * Fills the Authorize dialog's OAuth2 password flow for the development client, submits it, waits until the dialog
 * shows the scheme as authorized, screenshots it, closes the dialog and returns identity's token response.
 */
export async function authorize(
  page: Page,
  tokenUrl: string,
  user: { userName: string; password: string },
  screenshotName: string,
): Promise<Response> {
  await page.locator('.auth-wrapper .authorize').click();
  const oauth2 = page.locator('.modal-ux .auth-container').filter({ hasText: 'oauth2 (OAuth2, password)' });
  await oauth2.locator('input#oauth_username').fill(user.userName);
  await oauth2.locator('input#oauth_password').fill(user.password);
  // The client is public (no secret): it names itself in the form body (RFC 6749 §3.2.1).
  await oauth2.locator('select#password_type').selectOption('request-body');
  await oauth2.locator('input[id^="client_id"]').fill(CLIENT_ID);
  const token = page.waitForResponse((response) => response.url() === tokenUrl);
  await oauth2.locator('button.authorize').click();
  const response = await token;
  expect(response.status(), await response.text()).toBe(200);
  await page.locator('.modal-ux').locator('button', { hasText: 'Logout' }).waitFor({ timeout: 10_000 });
  await expect(oauth2.textContent()).resolves.toContain('Authorized');
  await screenshot(page, screenshotName);
  await page.locator('.modal-ux .close-modal').click();
  return response;
}

/** Expands an operation and presses "Try it out", returning the operation's block. */
export async function tryItOut(page: Page, operationId: string): Promise<Locator> {
  const operation = page.locator(`#${operationId}`);
  await operation.locator('.opblock-summary').click();
  await operation.locator('button.try-out__btn').click();
  return operation;
}
