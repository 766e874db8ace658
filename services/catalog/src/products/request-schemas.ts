import { type JsonSchema, schemaOf } from '@shop/building-blocks/http';
import type { Constructor } from '@shop/building-blocks/mediator';

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
 * A command filled from both the path and the body, documented as the two parts it arrives in: the path
 * parameters named in `pathNames`, and a body holding the rest (unknown body fields are refused, RFC 9457 400).
 */
export function paramsAndBodyOf(type: Constructor<unknown>, pathNames: readonly string[]) {
  const schema: ObjectSchema = schemaOf(type);
  const inPath = (name: string) => pathNames.includes(name);
  return {
    params: only(schema, inPath),
    body: { ...only(schema, (name) => !inPath(name)), additionalProperties: false },
  };
}
