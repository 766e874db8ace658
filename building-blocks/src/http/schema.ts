import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { JSONSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { Constructor } from '../mediator';
import { EMAIL_ADDRESS, PLAIN_TEXT, plainTextSchema } from '../validation';

export type JsonSchema = Record<string, unknown>;

const dateTime = { type: 'string' as const, format: 'date-time' };

/**
 * Corrections to the library's defaults: bounds must not widen `integer` to `number`; dates are date-times. And the
 * shared rules the library does not know: plain text and email addresses.
 */
const converters = {
  min: (meta: ValidationMetadata) => ({ minimum: meta.constraints[0] }),
  max: (meta: ValidationMetadata) => ({ maximum: meta.constraints[0] }),
  isIso8601: dateTime,
  isDate: dateTime,
  [EMAIL_ADDRESS]: { type: 'string' as const, format: 'email' },
  [PLAIN_TEXT]: (meta: ValidationMetadata) => ({
    type: 'string' as const,
    ...plainTextSchema(meta.constraints[0] === true),
  }),
};

let cache: Record<string, JsonSchema> = {};

function generated(name: string): JsonSchema | undefined {
  if (!cache[name]) {
    cache = validationMetadatasToSchemas({
      classTransformerMetadataStorage: defaultMetadataStorage,
      classValidatorMetadataStorage: getMetadataStorage(),
      refPointerPrefix: '#/definitions/',
      additionalConverters: converters,
    }) as Record<string, JsonSchema>;
  }
  return cache[name];
}

function inline(schema: unknown, seen: ReadonlySet<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, seen));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const name = ref.slice('#/definitions/'.length);
    const target = generated(name);
    if (!target || seen.has(name)) return { type: 'object' };
    return inline(target, new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inline(value, seen)]));
}

/**
 * The JSON schema of a class-validator class, nested classes inlined. The same decorators that validate a request
 * describe it in OpenAPI, so `/swagger` and validation cannot drift apart (DESIGN §2).
 */
export function schemaOf(type: Constructor<unknown>, extra: JsonSchema = {}): JsonSchema {
  const schema = generated(type.name);
  if (!schema) throw new Error(`${type.name} has no class-validator decorators to describe it`);
  return { ...(inline(schema, new Set([type.name])) as JsonSchema), ...extra };
}

/** An array of `type`, for list responses. */
export function arrayOf(type: Constructor<unknown>): JsonSchema {
  return { type: 'array', items: schemaOf(type) };
}

/**
 * What OpenAPI should say about a property beyond what its validation rules imply: `{ format: 'password' }` for
 * Swagger UI to mask the input, an `example`, or the `enum` of values a protocol defines but answers with its own
 * error (RFC 6749's `unsupported_grant_type`).
 */
export function Documented(schema: JsonSchema): PropertyDecorator {
  return (target, key) => JSONSchema(schema)(target, String(key));
}

interface ObjectSchema extends JsonSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

function only(schema: ObjectSchema, keep: (name: string) => boolean): ObjectSchema {
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => keep(name))),
    required: (schema.required ?? []).filter(keep),
  };
}

/**
 * A request filled from both the path and the body, documented as the two parts it arrives in: the path parameters
 * named in `pathNames`, and a body holding the rest (unknown body fields are refused, RFC 9457 400).
 */
export function paramsAndBodyOf(type: Constructor<unknown>, pathNames: readonly string[]) {
  const schema: ObjectSchema = schemaOf(type);
  const inPath = (name: string) => pathNames.includes(name);
  return {
    params: only(schema, inPath),
    body: { ...only(schema, (name) => !inPath(name)), additionalProperties: false },
  };
}

/**
 * The body of a request whose other fields the endpoint fills itself (the caller's id from the token, a header):
 * those are left out of the documented body, and unknown body fields are refused.
 */
export function bodyOf(type: Constructor<unknown>, filledByEndpoint: readonly string[]): ObjectSchema {
  return { ...only(schemaOf(type), (name) => !filledByEndpoint.includes(name)), additionalProperties: false };
}
