import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, PROBLEM_TYPE_BASE, type ShopError } from './errors';

// docs/errors.md is the catalog clients read; this keeps it and the code in step, both ways.
const doc = readFileSync(join(__dirname, '../../../docs/errors.md'), 'utf8');

interface Row {
  code: string;
  status: number;
  title: string;
  className: string;
}

/** Rows of the first table (the catalog): `| \`code\` | status | title | \`Class\` | when |`. */
function catalogRows(markdown: string): Row[] {
  const cellsOf = (line: string) => line.split('|').map((cell) => cell.trim());
  const table = markdown
    .split(/\n\n/)
    .find((block) => cellsOf(block.split('\n')[0]).join('|') === '|code|status|title|class|when|');
  if (!table) throw new Error('docs/errors.md has no catalog table (| code | status | title | class | when |)');
  return table
    .split('\n')
    .slice(2)
    .map(cellsOf)
    .map(([, code, status, title, className]) => ({
      code: code.replaceAll('`', ''),
      status: Number(status),
      title,
      className: className.replaceAll('`', ''),
    }));
}

function catalogInCode(): Row[] {
  return ERROR_CATALOG.map((ErrorClass) => {
    // ValidationError takes its field errors, the others an optional message: an empty array suits both.
    const error = Reflect.construct(ErrorClass, [[]]) as ShopError;
    return { code: error.code, status: error.status, title: error.title, className: ErrorClass.name };
  });
}

describe('docs/errors.md', () => {
  it('lists exactly the errors of ERROR_CATALOG, in order, with their code, status and title', () => {
    // Given the documented catalog and the one in code
    const documented = catalogRows(doc);
    // When they are compared row by row
    // Then every documented error exists in code and every error in code is documented, identically
    expect(documented).toEqual(catalogInCode());
  });

  it('documents the problem type base URL the errors use', () => {
    expect(doc).toContain(`\`${PROBLEM_TYPE_BASE}<code>\``);
  });
});
