import { readFileSync } from 'node:fs';

// `node bench/dist/profile-summary.js <file.cpuprofile>`: where a process spent its CPU, by package and by function,
// from a V8 CPU profile (`BENCH_CPU_PROF=<dir> pnpm bench catalog` writes one for the catalog). Idle time (the
// event loop waiting, e.g. while the baseline is measured) is left out, so shares are of busy time.
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (url === '') return '(native: syscalls, GC, compiled code)';
  const dependency = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  if (url.startsWith('node:')) return '(node core)';
  const workspace = url.match(/\/(building-blocks|services\/[^/]+|bench)\//);
  return workspace ? workspace[1] : url;
}

function top(totals: Map<string, number>, busy: number, count: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
}

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/dist/profile-summary.js <file.cpuprofile>');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id, index) => {
  const frame = nodes.get(id)?.callFrame;
  if (!frame || frame.functionName === '(idle)') return;
  const micros = profile.timeDeltas[index] ?? 0;
  busy += micros;
  const name = packageOf(frame.url);
  byPackage.set(name, (byPackage.get(name) ?? 0) + micros);
  const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
});
console.log(`busy CPU time: ${(busy / 1e6).toFixed(1)} s\n\nself time by package:`);
console.log(top(byPackage, busy, 20).join('\n'));
console.log('\nself time by function:');
console.log(top(byFunction, busy, 25).join('\n'));
