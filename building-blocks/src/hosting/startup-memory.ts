import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** V8's `gc()`, taken from a throwaway context: the service's own global never gets one. */
function v8Gc(): Gc {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as Gc;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

/**
 * One full garbage collection of the memory-reducing kind V8 runs when memory is short ("last resort"): every
 * unreachable object, the bytecode of functions not run lately, the young generation shrunk back to its least
 * size, and the freed pages handed back to the system.
 */
export function compactHeap(): void {
  v8Gc()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/**
 * Compacts the heap once, `delayMs` after a service has started (README "Benchmarks", footprint). Starting loads
 * and compiles every module, builds schemas and checks migrations: it leaves tens of MB of garbage in the old
 * generation and a young generation grown for that burst. V8 gives such memory back only once its memory reducer
 * sees the process idle, and that starts after a full collection, which a service fresh from its start, with room
 * to spare, may not need for hours: until then its idle memory is its start's. The collection pauses the service
 * once, for a few hundred ms at most, shortly after it became ready.
 */
export function compactHeapAfterStart(delayMs = 1_000): void {
  setTimeout(compactHeap, delayMs).unref();
}
