import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's "Guarantees" table names, for each promise, the test that proves it: a renamed or deleted test must
// not leave a promise standing on nothing.
const root = join(__dirname, '../..');

/** The rows of the README's Guarantees table: the promise, and the test files its second column names. */
function guarantees(): { promise: string; tests: string[] }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Guarantees$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| guarantee') && !line.startsWith('| ---'))
    .map((line) => {
      const [promise = '', proof = ''] = line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim());
      return { promise, tests: [...proof.matchAll(/`([^`]+)`/g)].map(([, path]) => String(path)) };
    });
}

/** `services/*\/src/test/x.ts` names that file in every service; anything else is one path. */
function filesOf(path: string): string[] {
  if (!path.startsWith('services/*/')) return [path];
  return readdirSync(join(root, 'services')).map((service) => path.replace('services/*/', `services/${service}/`));
}

describe('README guarantees', () => {
  it('names, for every guarantee, test files that exist', () => {
    // Given the Guarantees table
    const rows = guarantees();
    expect(rows.length).toBeGreaterThan(10);
    for (const { promise, tests } of rows) {
      // Then each row names at least one test, and each of them is there
      expect(tests.length, promise).toBeGreaterThan(0);
      for (const test of tests) {
        expect(test, promise).toMatch(/\.test\.ts$/);
        for (const file of filesOf(test)) expect(existsSync(join(root, file)), `${file} (${promise})`).toBe(true);
      }
    }
  });
});
