import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Preloaded (`node --import`) into a process the footprint scenario measures, with BENCH_MEMORY_PROBE_DIR set.
// On SIGWINCH (which nothing else in a service listens to, and which is ignored without a listener) it reads the
// request the bench left in `<dir>/<pid>.request.json`: `memory` answers `process.memoryUsage()` and V8's heap
// spaces; `snapshot` writes a heap snapshot to the file named. The answer goes to `<dir>/<pid>.answer.json`.
// It uses only what a service has loaded anyway (fs, a signal handler) until the first request: no IPC channel,
// and node:v8 is loaded on demand, after the bench has read the idle memory from /proc.
export interface MemoryReport {
  memoryUsage: NodeJS.MemoryUsage;
  /** Per V8 space: committed (`space_size`) and live (`space_used_size`) bytes. */
  heapSpaces: { name: string; size: number; used: number }[];
}

export type ProbeRequest = { probe: 'memory' } | { probe: 'snapshot'; file: string };
export type ProbeAnswer = { probe: 'memory'; report: MemoryReport } | { probe: 'snapshot'; file: string };

const directory = process.env.BENCH_MEMORY_PROBE_DIR;

function answer(request: ProbeRequest): ProbeAnswer {
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  if (request.probe === 'snapshot') return { probe: 'snapshot', file: v8.writeHeapSnapshot(request.file) };
  const heapSpaces = v8.getHeapSpaceStatistics().map((space) => ({
    name: space.space_name,
    size: space.space_size,
    used: space.space_used_size,
  }));
  return { probe: 'memory', report: { memoryUsage: process.memoryUsage(), heapSpaces } };
}

if (directory) {
  const file = (name: string) => join(directory, `${process.pid}.${name}.json`);
  process.on('SIGWINCH', () => {
    const request = JSON.parse(readFileSync(file('request'), 'utf8')) as ProbeRequest;
    // Written aside, then renamed: the bench never reads half an answer.
    writeFileSync(file('partial'), JSON.stringify(answer(request)));
    renameSync(file('partial'), file('answer'));
  });
}
