import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

// Preloaded (`node --import`) into a process the footprint scenario starts with an IPC channel: answers
// `{ probe: 'memory' }` with `process.memoryUsage()` and V8's heap spaces, and `{ probe: 'snapshot', file }` by
// writing a heap snapshot there. It imports nothing but node:v8, so the service still loads its instrumentation
// before http and pg, and it adds a message listener and nothing else to the measured process.
export interface MemoryReport {
  memoryUsage: NodeJS.MemoryUsage;
  /** Per V8 space: committed (`space_size`) and live (`space_used_size`) bytes. */
  heapSpaces: { name: string; size: number; used: number }[];
}

export type ProbeRequest = { probe: 'memory' } | { probe: 'snapshot'; file: string };
export type ProbeAnswer = { probe: 'memory'; report: MemoryReport } | { probe: 'snapshot'; file: string };

function memoryReport(): MemoryReport {
  return {
    memoryUsage: process.memoryUsage(),
    heapSpaces: getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      size: space.space_size,
      used: space.space_used_size,
    })),
  };
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (message?.probe === 'memory') process.send?.({ probe: 'memory', report: memoryReport() } as ProbeAnswer);
    if (message?.probe === 'snapshot') {
      process.send?.({ probe: 'snapshot', file: writeHeapSnapshot(message.file) } as ProbeAnswer);
    }
  });
  // The channel must not keep a service alive that is shutting down.
  process.channel?.unref();
}
