import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { Constructor } from '../mediator';

export type JsonSchema = Record<string, unknown>;

const dateTime = { type: 'string' as const, format: 'date-time' };

/** Corrections to the library's defaults: bounds must not widen `integer` to `number`; dates are date-times. */
const converters = {
  min: (meta: ValidationMetadata) => ({ minimum: meta.constraints[0] }),
  max: (meta: ValidationMetadata) => ({ maximum: meta.constraints[0] }),
  isIso8601: dateTime,
  isDate: dateTime,
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
