import { describe, expect, it } from 'vitest';
import { compactHeap } from './startup-memory';

const MB = 1024 * 1024;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('compactHeap', () => {
  it('frees what nothing reaches any more and hands the emptied pages back to the system', async () => {
    // Given a heap that grew for a burst of objects (as a start does), then dropped them
    let burst: { id: number; name: string }[] | undefined = Array.from({ length: 500_000 }, (_, id) => ({
      id,
      name: `object ${id}`,
    }));
    const dropped = new WeakRef(burst);
    await tick();
    const grown = process.memoryUsage().heapTotal;
    burst = undefined;
    await tick();

    // When
    compactHeap();

    // Then the burst is gone, and the heap V8 holds from the system shrank by most of what it had grown for it
    expect(dropped.deref()).toBeUndefined();
    expect(grown - process.memoryUsage().heapTotal).toBeGreaterThan(20 * MB);
  });

  it('leaves no gc() on the global object', () => {
    // When
    compactHeap();

    // Then the collector was asked for from a context of its own: code in the process cannot call it
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
