import fc from 'fast-check';
import { type FieldValue, hasSchemaType, primaryType, type SchemaNode } from './hostile-sweep-schema';

/** How a value can be wrong; each field gets values of every kind. */
export const HOSTILE_KINDS = ['text', 'wrong-type', 'boundary', 'huge'] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export const HUGE_LENGTH = 100_000;

/** Characters Postgres text types refuse (NUL) or cannot store as sent (lone UTF-16 surrogates). */
const BAD_CHARACTERS = ['\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

/** One code point of any kind (control characters included), or one time in five a NUL or lone surrogate. */
const hostileUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.constantFrom(...BAD_CHARACTERS), weight: 1 },
);
/** Text with at least one NUL or lone surrogate somewhere among arbitrary code points. */
const hostileText = fc
  .tuple(
    fc.string({ unit: hostileUnit, maxLength: 20 }),
    fc.constantFrom(...BAD_CHARACTERS),
    fc.string({ unit: hostileUnit, maxLength: 20 }),
  )
  .map((parts) => parts.join(''))
  // Two injected surrogates can meet and pair up into one valid code point.
  .filter((text) => text.includes('\u0000') || /\p{Cs}/u.test(text));

/** 100,000 characters: a short hostile unit repeated, sometimes ending in a NUL or lone surrogate. */
const hugeText = fc
  .tuple(fc.string({ unit: hostileUnit, minLength: 1, maxLength: 3 }), fc.constantFrom('', ...BAD_CHARACTERS))
  .map(([unit, last]) => unit.repeat(Math.ceil(HUGE_LENGTH / unit.length)).slice(0, HUGE_LENGTH - last.length) + last);

function nested(depth: number, asArray: boolean): FieldValue {
  let value: FieldValue = asArray ? [] : {};
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
  return value;
}

const { json: smallJson } = fc.letrec<{ json: FieldValue }>((tie) => ({
  json: fc.oneof(
    { maxDepth: 2 },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 8 }),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('json'), { maxKeys: 3 }),
  ),
}));

const anyJson: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.array(smallJson, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), smallJson, { maxKeys: 4 }),
  fc.tuple(fc.integer({ min: 20, max: 300 }), fc.boolean()).map(([depth, asArray]) => nested(depth, asArray)),
);

/** Values of any JSON type but the one the schema asks for (any type at all when it names none). */
function wrongType(schema: SchemaNode): fc.Arbitrary<FieldValue> {
  if (primaryType(schema) === undefined) return anyJson;
  return anyJson.filter((value) => !hasSchemaType(schema, value));
}

// SQL, markup, path, template (`$` + `{7*7}`) and NoSQL operator injections.
const INJECTIONS = [
  "' OR '1'='1' --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '$' + '{7*7}',
  '{"$gt":""}',
];
const ODD_BLANKS = ['\t\r\n', '\u00A0', '\u200B\uFEFF'];

/** Just past the schema's own limits: too long, too short, near-miss enum values and formats, blank. */
function stringBoundaries(schema: SchemaNode): FieldValue[] {
  // Without a maxLength, 1,000 characters: past the router's limit on a path parameter, within a request line's.
  const tooLong = (schema.maxLength ?? 999) + 1;
  const values: FieldValue[] = ['', ' ', 'x'.repeat(tooLong), 'é'.repeat(tooLong)];
  if (schema.minLength) values.push('x'.repeat(schema.minLength - 1));
  for (const choice of (schema.enum ?? []).filter((value) => typeof value === 'string')) {
    values.push(`${choice} `, choice.toUpperCase(), `${choice}\u0000`);
  }
  if (schema.format === 'uuid') {
    const uuid = '0198c6a4-3f1e-7c2a-9b1d-5e8f0a2b4c6d';
    values.push('not-a-uuid', `${uuid}x`, uuid.replaceAll('-', ''), '00000000-0000-0000-0000-000000000000', uuid);
  }
  if (schema.format === 'email') values.push('not-an-email', 'a@', '@example.com', `${'x'.repeat(250)}@example.com`);
  return values;
}

function numberBoundaries(schema: SchemaNode, integer: boolean): FieldValue[] {
  const values: FieldValue[] = [1e308, -1e308, 2 ** 53 + 2, 0.001, 'NaN', 'Infinity', '1e999', '0x10', ' 1', ''];
  if (integer) values.push(1.5);
  if (schema.minimum !== undefined) values.push(schema.minimum - 1, schema.minimum - 0.5);
  if (schema.maximum !== undefined) values.push(schema.maximum + 1, schema.maximum + 0.5);
  return values;
}

/** Values just outside what the schema allows (three times in four), else a classic injection or odd blank. */
function boundary(schema: SchemaNode): fc.Arbitrary<FieldValue> {
  const type = primaryType(schema);
  const specific =
    type === 'integer' || type === 'number'
      ? numberBoundaries(schema, type === 'integer')
      : type === 'string'
        ? stringBoundaries(schema)
        : [[], {}, 'true', 0];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...specific), weight: 3 },
    { arbitrary: fc.constantFrom(...INJECTIONS, ...ODD_BLANKS), weight: 1 },
  );
}

export function hostileArbitrary(schema: SchemaNode, kind: HostileKind): fc.Arbitrary<FieldValue> {
  switch (kind) {
    case 'text':
      return hostileText;
    case 'huge':
      return hugeText;
    case 'wrong-type':
      return wrongType(schema);
    case 'boundary':
      return boundary(schema);
  }
}

/**
 * `runs` hostile values for one field, the kinds taken in turn from one the seed picks (so that even a single run
 * per field varies the kind across fields); the same seed always gives the same values, so a failure can be replayed.
 */
export function hostileValues(
  schema: SchemaNode,
  runs: number,
  seed: number,
): { kind: HostileKind; value: FieldValue }[] {
  const perKind = Math.ceil(runs / HOSTILE_KINDS.length);
  const first = Math.abs(seed) % HOSTILE_KINDS.length;
  const kinds = [...HOSTILE_KINDS.slice(first), ...HOSTILE_KINDS.slice(0, first)];
  const samples = kinds.map((kind, index) =>
    fc
      .sample(hostileArbitrary(schema, kind), { seed: seed + index, numRuns: perKind })
      .map((value) => ({ kind, value })),
  );
  const interleaved = Array.from({ length: perKind }, (_, run) => samples.map((kind) => kind[run])).flat();
  return interleaved.filter((entry) => entry !== undefined).slice(0, runs);
}
