import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's configuration table is the one place operators look; this keeps it and the code in step.
const root = join(__dirname, '../..');

/** Env vars declared with the config vocabulary (`NAME: env.str(...)`, `NAME: str(...)`) in every config.ts. */
function variablesInCode(): string[] {
  const files = [
    'building-blocks/src/config/config.ts',
    ...readdirSync(join(root, 'building-blocks/src'))
      .map((module) => `building-blocks/src/${module}/config.ts`)
      .filter((file) => file !== 'building-blocks/src/config/config.ts'),
    ...readdirSync(join(root, 'services')).map((service) => `services/${service}/src/config.ts`),
  ];
  const names = files.flatMap((file) => {
    let source: string;
    try {
      source = readFileSync(join(root, file), 'utf8');
    } catch {
      return [];
    }
    return [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:env\.)?(?:str|num|port|url|bool|host|json)\(/gm)].map(
      ([, name]) => name,
    );
  });
  return [...new Set(names)].sort();
}

/** First-column names of the README's configuration table. */
function variablesInReadme(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map(([, name]) => name).sort();
}

describe('README configuration table', () => {
  it('documents every variable the services read, and no other', () => {
    // Given the variables declared in the config modules
    const inCode = variablesInCode();
    // When they are compared with the README table
    // Then both lists are the same
    expect(inCode.length).toBeGreaterThan(10);
    expect(variablesInReadme()).toEqual(inCode);
  });
});
