import { describe, expect, it } from 'vitest';
import { MAX_REASON_LENGTH, shortageReason } from './shortage-reason';

const unknownId = '0190d7c4-0000-7000-8000-000000000001';

describe('shortageReason', () => {
  it('names each short product with what was ordered and what is available, and each unknown product by id', () => {
    const reason = shortageReason([
      { productId: '0190d7c4-0000-7000-8000-000000000002', requested: 3, available: 1, name: 'Espresso cup' },
      { productId: unknownId, requested: 2, available: 0 },
    ]);

    expect(reason).toBe(
      `Not enough stock for this order (Espresso cup: 3 ordered, 1 available; product ${unknownId} is not in the catalog)`,
    );
  });

  it('stays within the length the event contract allows, however many lines there are', () => {
    const lines = Array.from({ length: 40 }, (_, n) => ({
      productId: unknownId,
      requested: 1_000_000,
      available: n,
      name: 'A product with a rather long name that goes on for a while',
    }));

    const reason = shortageReason(lines);

    expect(reason).toHaveLength(MAX_REASON_LENGTH);
    expect(reason.startsWith('Not enough stock for this order (A product')).toBe(true);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('cuts between characters, never inside one', () => {
    // Given names made of emoji (two UTF-16 units each), long enough to be cut
    const lines = Array.from({ length: 30 }, () => ({
      productId: unknownId,
      requested: 2,
      available: 1,
      name: '🍵🥤'.repeat(10),
    }));

    const reason = shortageReason(lines);

    // Then the reason is whole characters: no lone surrogate, 500 code points
    expect([...reason]).toHaveLength(MAX_REASON_LENGTH);
    expect(reason).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
