import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltShop, repositoryRoot, startBuiltShop } from './support/services';

const run = promisify(execFile);
const httpyac = join(repositoryRoot, 'node_modules/httpyac/bin/httpyac.js');

interface HttpyacReport {
  summary: { totalRequests: number; successRequests: number; failedRequests: number; erroredRequests: number };
  requests: { name: string; line: number; testResults?: { message: string; status: string }[] }[];
}

/** shop.rest with its base-URL variables (`@catalog = ...`) pointed at the services this test started. */
async function restFileFor(baseUrls: Record<string, string>): Promise<{ path: string; requests: number }> {
  let text = await readFile(join(repositoryRoot, 'shop.rest'), 'utf8');
  for (const [name, url] of Object.entries(baseUrls)) {
    const line = new RegExp(`^@${name} = .*$`, 'm');
    expect(text, `shop.rest defines @${name}`).toMatch(line);
    text = text.replace(line, `@${name} = ${url}`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'shop-rest-'));
  const path = join(directory, 'shop.rest');
  await writeFile(path, text);
  return { path, requests: text.match(/^###/gm)?.length ?? 0 };
}

describe('shop.rest against the built services', () => {
  let shop: BuiltShop;
  beforeAll(async () => {
    shop = await startBuiltShop();
  });
  afterAll(() => shop?.stop());

  it('runs every request of the story and every expectation holds', async () => {
    // Given shop.rest pointed at freshly started services
    const { identity, catalog, order } = shop;
    const file = await restFileFor({ identity: identity.url, catalog: catalog.url, order: order.url });
    try {
      // When httpyac sends all of its requests, in order
      const { stdout } = await run(process.execPath, [httpyac, 'send', 'shop.rest', '--all', '--json'], {
        cwd: join(file.path, '..'),
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => {
        // httpyac exits non-zero when an expectation fails; its JSON report says which.
        if (!error.stdout) throw new Error(`httpyac failed: ${error.stderr}`);
        return { stdout: error.stdout };
      });
      const report = JSON.parse(stdout) as HttpyacReport;
      // Then every request ran, each had expectations, and none failed
      const failures = report.requests.flatMap((request) =>
        (request.testResults ?? [])
          .filter((result) => result.status !== 'SUCCESS')
          .map((result) => `line ${request.line} ${request.name}: ${result.message}`),
      );
      expect(failures, shop.output()).toEqual([]);
      expect(report.requests).toHaveLength(file.requests);
      for (const request of report.requests)
        expect(request.testResults?.length, `line ${request.line}`).toBeGreaterThan(0);
      expect(report.summary.successRequests).toBe(file.requests);
    } finally {
      await rm(join(file.path, '..'), { recursive: true, force: true });
    }
  });
});
