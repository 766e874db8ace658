import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, Scenario } from './types.js';

// `pnpm bench [name ...]`: runs every scenario in dist/scenarios/ (or those whose file name contains a given name),
// prints one table and writes bench/results/latest.json.
const scenariosDirectory = fileURLToPath(new URL('./scenarios/', import.meta.url));
const resultsFile = fileURLToPath(new URL('../results/latest.json', import.meta.url));

async function scenarioFiles(filters: string[]): Promise<string[]> {
  const files = (await readdir(scenariosDirectory)).filter((file) => file.endsWith('.js')).sort();
  return filters.length === 0 ? files : files.filter((file) => filters.some((filter) => file.includes(filter)));
}

function format(value: number | undefined, digits = 2): string {
  if (value === undefined) return '';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function printTable(rows: BenchRow[]): void {
  const header = ['scenario', 'metric', 'value', 'unit', 'baseline', 'ratio', 'target'];
  const cells = rows.map((row) => [
    row.scenario,
    row.metric,
    format(row.value),
    row.unit,
    format(row.baseline),
    format(row.ratio, 3),
    row.target ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column])).join('  ');
  console.log(['', line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n'));
}

async function main(): Promise<void> {
  const files = await scenarioFiles(process.argv.slice(2));
  if (files.length === 0) throw new Error(`No scenario matches ${process.argv.slice(2).join(', ')}`);
  const rows: BenchRow[] = [];
  for (const file of files) {
    const name = basename(file, '.js');
    console.error(`bench: running ${name}`);
    const module = (await import(join(scenariosDirectory, file))) as { default: Scenario };
    rows.push(...(await module.default()));
  }
  printTable(rows);
  await mkdir(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, rows };
  await writeFile(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  console.error(`bench: wrote ${resultsFile}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
