import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldValue, hasSchemaType, type SchemaNode, validValue } from './hostile-sweep-schema';
import { HOSTILE_KINDS, HUGE_LENGTH, hostileArbitrary, hostileValues } from './hostile-sweep-values';

const NAME: SchemaNode = { type: 'string', maxLength: 200, pattern: '\\S' };
const USER_NAME: SchemaNode = { type: 'string', minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' };
const PRICE: SchemaNode = { type: 'number', minimum: 0, maximum: 1_000_000 };
const QUANTITY: SchemaNode = { type: 'integer', minimum: 1, maximum: 1_000_000 };
const ID: SchemaNode = { type: 'string', format: 'uuid' };
const EMAIL: SchemaNode = { type: 'string', format: 'email', maxLength: 254 };
const SORT: SchemaNode = { type: 'string', enum: ['name', '-name', 'price'] };

/** Just enough of JSON Schema validation for the keywords above. */
function conforms(schema: SchemaNode, value: FieldValue): boolean {
  if (!hasSchemaType(schema, value)) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === 'string') {
    if (value.length < (schema.minLength ?? 0) || value.length > (schema.maxLength ?? Infinity)) return false;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
    if (
      schema.format === 'uuid' &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value)
    ) {
      return false;
    }
    if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(value)) return false;
  }
  if (typeof value === 'number') {
    return value >= (schema.minimum ?? -Infinity) && value <= (schema.maximum ?? Infinity);
  }
  return true;
}

const hasBadCharacter = (text: string) => text.includes('\u0000') || /\p{Cs}/u.test(text);

describe('valid values derived from a schema', () => {
  it.each([
    ['a name', NAME],
    ['a user name', USER_NAME],
    ['a price', PRICE],
    ['a quantity', QUANTITY],
    ['a uuid', ID],
    ['an e-mail', EMAIL],
    ['an enum', SORT],
  ])('satisfy the schema of %s', (_, schema) => {
    for (const n of [0, 1, 7, 123_456]) expect(conforms(schema, validValue(schema, n)), String(n)).toBe(true);
  });

  it('differ from one request to the next, so unique fields never collide', () => {
    const names = new Set([1, 2, 3].map((n) => validValue(USER_NAME, n)));
    const emails = new Set([1, 2, 3].map((n) => validValue(EMAIL, n)));
    expect([names.size, emails.size]).toEqual([3, 3]);
  });

  it('fill the required properties of an object, and only those', () => {
    const body: SchemaNode = {
      type: 'object',
      properties: { name: NAME, price: PRICE, note: { type: 'string' } },
      required: ['name', 'price'],
    };
    const value = validValue(body, 4);
    expect(Object.keys(value as object).sort()).toEqual(['name', 'price']);
  });

  it('find a string matching a pattern the default word does not', () => {
    const code: SchemaNode = { type: 'string', pattern: '^[A-Z]{2}-\\d{3}$' };
    expect(validValue(code, 5)).toMatch(/^[A-Z]{2}-\d{3}$/);
  });
});

describe('hostile values for a schema', () => {
  it('of kind text always carry a NUL or a lone surrogate', () => {
    fc.assert(
      fc.property(hostileArbitrary(NAME, 'text'), (value) => typeof value === 'string' && hasBadCharacter(value)),
    );
  });

  it('of kind huge are 100,000 characters long', () => {
    fc.assert(
      fc.property(hostileArbitrary(NAME, 'huge'), (value) => typeof value === 'string' && value.length === HUGE_LENGTH),
      { numRuns: 20 },
    );
  });

  it.each([
    ['a string', NAME],
    ['a number', PRICE],
    ['an integer', QUANTITY],
    ['an enum', SORT],
  ])('of kind wrong-type never have the JSON type of %s', (_, schema) => {
    fc.assert(fc.property(hostileArbitrary(schema, 'wrong-type'), (value) => !hasSchemaType(schema, value)));
  });

  it('of kind wrong-type are generated even for a schema that names no type', () => {
    expect(fc.sample(hostileArbitrary({}, 'wrong-type'), { seed: 2, numRuns: 10 })).toHaveLength(10);
  });

  it('of kind wrong-type include numbers, booleans, null, arrays and objects for a string', () => {
    const seen = new Set(
      fc
        .sample(hostileArbitrary(NAME, 'wrong-type'), { seed: 1, numRuns: 300 })
        .map((value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)),
    );
    expect([...seen].sort()).toEqual(['array', 'boolean', 'null', 'number', 'object']);
  });

  it('of kind boundary break a numeric range or integrality, never land inside it', () => {
    fc.assert(fc.property(hostileArbitrary(QUANTITY, 'boundary'), (value) => !conforms(QUANTITY, value)));
  });

  it('of kind boundary include just-too-long, blank and malformed-uuid strings', () => {
    const nameValues = fc.sample(hostileArbitrary(NAME, 'boundary'), { seed: 3, numRuns: 500 });
    expect(nameValues).toContain('x'.repeat(201));
    expect(nameValues).toContain(' ');
    expect(fc.sample(hostileArbitrary(ID, 'boundary'), { seed: 3, numRuns: 200 })).toContain('not-a-uuid');
  });

  it('take every kind in turn and are the same for the same seed', () => {
    const values = hostileValues(NAME, 12, 99);
    expect(new Set(values.slice(0, 4).map((value) => value.kind))).toEqual(new Set(HOSTILE_KINDS));
    expect(values.slice(4, 8).map((value) => value.kind)).toEqual(values.slice(0, 4).map((value) => value.kind));
    expect(hostileValues(NAME, 12, 99)).toEqual(values);
    expect(hostileValues(NAME, 12, 100)).not.toEqual(values);
  });

  it('start from a kind the seed picks, so that one run per field still covers every kind across fields', () => {
    const firstKinds = new Set([0, 1, 2, 3].map((seed) => hostileValues(NAME, 1, seed)[0]?.kind));
    expect(firstKinds).toEqual(new Set(HOSTILE_KINDS));
  });
});
