import fc from 'fast-check';

/** The part of JSON Schema (as @fastify/swagger emits it into OpenAPI 3.1) the sweep reads. */
export interface SchemaNode {
  /** Resolved away when the document is read (`#/components/schemas/X`). */
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  items?: SchemaNode;
  minItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

/** The first non-null type a schema allows, looking through `anyOf`/`oneOf` and the enum's values. */
export function primaryType(schema: SchemaNode): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nonNull = types.find((type) => type !== 'null');
  if (nonNull) return nonNull;
  const alternative = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((option) => primaryType(option));
  if (alternative) return primaryType(alternative);
  const sample = schema.enum?.[0] ?? schema.const;
  if (typeof sample === 'string' || typeof sample === 'boolean') return typeof sample;
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'integer' : 'number';
  return types[0];
}

/** Whether a value has the JSON type the schema asks for (not whether it satisfies every keyword). */
export function hasSchemaType(schema: SchemaNode, value: FieldValue): boolean {
  switch (primaryType(schema)) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function isFieldValue(value: unknown): value is FieldValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isFieldValue);
  return typeof value === 'object' && Object.values(value as object).every(isFieldValue);
}

/**
 * A value the schema accepts, the same for the same `n` and different for different `n` (so that unique fields such
 * as a user name or an e-mail do not collide between requests).
 */
export function validValue(schema: SchemaNode, n: number): FieldValue {
  if (isFieldValue(schema.const)) return schema.const;
  const choices = (schema.enum ?? []).filter(isFieldValue);
  if (choices.length > 0) return choices[n % choices.length] ?? null;
  switch (primaryType(schema)) {
    case 'string':
      return validString(schema, n);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => validValue(schema.items ?? {}, n));
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name) => [name, validValue(property(schema, name), n)]));
    case 'null':
      return null;
    default:
      return `value${n}`;
  }
}

export function property(schema: SchemaNode, name: string): SchemaNode {
  return schema.properties?.[name] ?? {};
}

function validString(schema: SchemaNode, n: number): string {
  switch (schema.format) {
    case 'uuid':
      return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    case 'email':
      return `user${n}@example.com`;
    case 'date-time':
      return '2024-01-01T00:00:00.000Z';
    case 'date':
      return '2024-01-01';
    case 'uri':
    case 'url':
      return `https://example.com/${n}`;
  }
  const word = `Valid${n}`;
  const padded = word.padEnd(schema.minLength ?? 0, 'x');
  const fitted = schema.maxLength !== undefined ? padded.slice(-schema.maxLength) : padded;
  if (!schema.pattern) return fitted;
  const pattern = new RegExp(schema.pattern, 'u');
  if (pattern.test(fitted)) return fitted;
  const fits = (text: string) => text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? 1e9);
  return fc.sample(fc.stringMatching(pattern), { seed: n, numRuns: 50 }).find(fits) ?? fitted;
}

function validNumber(schema: SchemaNode, integer: boolean): number {
  const step = schema.multipleOf ?? (integer ? 1 : 0.01);
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : undefined);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : undefined);
  let value = schema.multipleOf ?? 1;
  if (low !== undefined && value < low) value = low;
  if (high !== undefined && value > high) value = high;
  if (schema.multipleOf) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.ceil(value) : value;
}
