import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

// Proves that `.dependency-cruiser.cjs` (run by `pnpm lint`) really fails on each broken rule. The trees are written
// to a temporary directory so that neither lint nor typecheck ever sees them.
const root = join(__dirname, '../..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const config = join(root, '.dependency-cruiser.cjs');
const run = promisify(execFile);

type Tree = Record<string, string>;

const temporaryDirectories: string[] = [];
afterEach(async () => {
  for (const directory of temporaryDirectories.splice(0)) await rm(directory, { recursive: true, force: true });
});

/** Runs the checker exactly as `pnpm lint` does (its default `err` report) and returns `rule: from -> to` lines. */
async function cruise(tree: Tree): Promise<{ exitCode: number; violations: string[] }> {
  const directory = await mkdtemp(join(tmpdir(), 'shop-depcruise-'));
  temporaryDirectories.push(directory);
  for (const [file, content] of Object.entries(tree)) {
    await mkdir(dirname(join(directory, file)), { recursive: true });
    await writeFile(join(directory, file), content);
  }
  const args = [depcruise, '--config', config, 'building-blocks/src', 'services'];
  try {
    const { stdout } = await run(process.execPath, args, { cwd: directory });
    return { exitCode: 0, violations: violationsIn(stdout) };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { exitCode: failure.code, violations: violationsIn(failure.stdout) };
  }
}

function violationsIn(report: string): string[] {
  const lines = [...report.matchAll(/^\s+error (\S+): (\S+) \u2192\s+(\S+)/gm)];
  return lines.map(([, rule, from, to]) => `${rule}: ${from} -> ${to}`).sort();
}

const healthyTree: Tree = {
  'building-blocks/src/mediator/index.ts': "export * from './mediator';\n",
  'building-blocks/src/mediator/mediator.ts': 'export const send = 1;\n',
  'services/shop-a/src/products/product.ts': 'export const product = 1;\n',
  'services/shop-a/src/products/features/creating-x/create-x.handler.ts':
    "import { send } from '../../../../../../building-blocks/src/mediator';\nimport { product } from '../../product';\nimport { command } from './create-x.command';\nexport const handler = [send, product, command];\n",
  'services/shop-a/src/products/features/creating-x/create-x.command.ts': 'export const command = 1;\n',
  'services/shop-a/src/products/index.ts':
    "import { handler } from './features/creating-x/create-x.handler';\nexport const feature = [handler];\n",
};

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('accepts slices that use their own files, their feature and the public building blocks', async () => {
    // Given a tree that follows every rule
    // When the checker runs over it
    const result = await cruise(healthyTree);
    // Then it finds nothing and exits 0
    expect(result.violations).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('fails with a named violation for every broken rule', async () => {
    // Given a tree that breaks each rule once
    const broken: Tree = {
      ...healthyTree,
      'services/shop-a/src/products/features/listing-x/list-x.handler.ts':
        "import { command } from '../creating-x/create-x.command';\nexport const list = command;\n",
      'services/shop-a/src/orders/place.ts': "import { b } from '../../../shop-b/src/b';\nexport const place = b;\n",
      'services/shop-b/src/b.ts':
        "import { send } from '../../../building-blocks/src/mediator/mediator';\nexport const b = send;\n",
      'services/shop-b/src/cycle-one.ts': "import { two } from './cycle-two';\nexport const one = () => two;\n",
      'services/shop-b/src/cycle-two.ts': "import { one } from './cycle-one';\nexport const two = () => one;\n",
      'services/shop-b/src/lost.ts': "import { nothing } from './does-not-exist';\nexport const lost = nothing;\n",
      'building-blocks/src/mediator/leak.ts':
        "import { b } from '../../../services/shop-b/src/b';\nexport const leak = b;\n",
    };
    // When the checker runs over it
    const result = await cruise(broken);
    // Then it exits non-zero and names each rule with the offending import
    expect(result.exitCode).not.toBe(0);
    expect(result.violations).toEqual([
      'building-blocks-never-import-services: building-blocks/src/mediator/leak.ts -> services/shop-b/src/b.ts',
      'no-circular: services/shop-b/src/cycle-one.ts -> services/shop-b/src/cycle-two.ts',
      'no-cross-service: services/shop-a/src/orders/place.ts -> services/shop-b/src/b.ts',
      'no-cross-slice: services/shop-a/src/products/features/listing-x/list-x.handler.ts -> services/shop-a/src/products/features/creating-x/create-x.command.ts',
      'no-unresolvable: services/shop-b/src/lost.ts -> ./does-not-exist',
      'services-use-public-building-blocks: services/shop-b/src/b.ts -> building-blocks/src/mediator/mediator.ts',
    ]);
  });
});
