import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi';
import { allEvents } from './registry';
import { toYaml } from './yaml';

const file = join(__dirname, '..', 'asyncapi.yaml');

describe('asyncapi.yaml', () => {
  it('lists every event exchange and matches the event definitions (regenerate: UPDATE_ASYNCAPI=1)', () => {
    // Given the document generated from the definitions
    const expected = toYaml(asyncApiDocument());
    if (process.env.UPDATE_ASYNCAPI === '1') writeFileSync(file, expected);

    // When the committed file is read
    const committed = readFileSync(file, 'utf8');

    // Then it is the same document and names all eleven exchanges of DESIGN §5
    expect(committed).toBe(expected);
    expect(allEvents).toHaveLength(11);
    for (const event of allEvents) expect(committed).toContain(`address: "${event.exchange}"`);
  });
});
