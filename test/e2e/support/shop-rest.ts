import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { repositoryRoot } from './services';

const run = promisify(execFile);
const httpyac = join(repositoryRoot, 'node_modules/httpyac/bin/httpyac.js');

interface HttpyacReport {
  summary: { totalRequests: number; successRequests: number; failedRequests: number; erroredRequests: number };
  requests: { name: string; line: number; testResults?: { message: string; status: string }[] }[];
}

/** What httpyac reported for one run of shop.rest, and how many requests the file holds. */
export interface ShopRestRun {
  report: HttpyacReport;
  requests: number;
}

export interface ShopRestTargets {
  /** The base-URL variables (`@catalog = ...`) of shop.rest, by name. */
  baseUrls: Record<string, string>;
  /**
   * Where the requests for a service's own root (`GET {{catalog}}/`, answered with the service's name) go instead
   * of its base URL, by name: a gateway routes API paths, and `/` belongs to none of the services behind it.
   */
  serviceRoots?: Record<string, string>;
}

/** shop.rest with its base URLs (and service roots) pointed at the given addresses, in a temporary directory. */
async function restFileFor(targets: ShopRestTargets): Promise<{ path: string; requests: number }> {
  let text = await readFile(join(repositoryRoot, 'shop.rest'), 'utf8');
  for (const [name, url] of Object.entries(targets.serviceRoots ?? {})) {
    const root = new RegExp(`^GET \\{\\{${name}\\}\\}/$`, 'm');
    expect(text, `shop.rest asks ${name} for its root`).toMatch(root);
    text = text.replace(root, `GET ${url}/`);
  }
  for (const [name, url] of Object.entries(targets.baseUrls)) {
    const line = new RegExp(`^@${name} = .*$`, 'm');
    expect(text, `shop.rest defines @${name}`).toMatch(line);
    text = text.replace(line, `@${name} = ${url}`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'shop-rest-'));
  const path = join(directory, 'shop.rest');
  await writeFile(path, text);
  return { path, requests: text.match(/^###/gm)?.length ?? 0 };
}

/** Sends every request of shop.rest, in order, with httpyac, against the given addresses. */
export async function sendShopRest(targets: ShopRestTargets): Promise<ShopRestRun> {
  const file = await restFileFor(targets);
  try {
    const { stdout } = await run(process.execPath, [httpyac, 'send', 'shop.rest', '--all', '--json'], {
      cwd: join(file.path, '..'),
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      // httpyac exits non-zero when an expectation fails; its JSON report says which.
      if (!error.stdout) throw new Error(`httpyac failed: ${error.stderr}`);
      return { stdout: error.stdout };
    });
    return { report: JSON.parse(stdout) as HttpyacReport, requests: file.requests };
  } finally {
    await rm(join(file.path, '..'), { recursive: true, force: true });
  }
}

/** Every request of the file ran, each had expectations, and none failed; `output` explains a failure. */
export function expectEveryExpectationHolds({ report, requests }: ShopRestRun, output: string): void {
  const failures = report.requests.flatMap((request) =>
    (request.testResults ?? [])
      .filter((result) => result.status !== 'SUCCESS')
      .map((result) => `line ${request.line} ${request.name}: ${result.message}`),
  );
  expect(failures, output).toEqual([]);
  expect(report.requests).toHaveLength(requests);
  for (const request of report.requests) expect(request.testResults?.length, `line ${request.line}`).toBeGreaterThan(0);
  expect(report.summary.successRequests).toBe(requests);
}
