import { expandPath, type SweepRequest } from './hostile-sweep-http';
import type { SweepField, SweepOperation } from './hostile-sweep-openapi';
import { type FieldValue, primaryType, property, type SchemaNode, validValue } from './hostile-sweep-schema';

/** A field's valid value, or a function giving one per request (e.g. the id of a product that exists right now). */
export type ValueSource = FieldValue | (() => FieldValue | Promise<FieldValue>);

type Lookup = (name: string) => Promise<FieldValue | undefined>;

async function validBody(schema: SchemaNode, n: number, lookup: Lookup): Promise<FieldValue> {
  const type = primaryType(schema);
  if (type === 'array' && schema.items) {
    const items = Math.max(schema.minItems ?? 1, 1);
    return Promise.all(Array.from({ length: items }, () => validBody(schema.items ?? {}, n, lookup)));
  }
  if (type !== 'object') return validValue(schema, n);
  const body: Record<string, FieldValue> = {};
  for (const name of Object.keys(schema.properties ?? {})) {
    const given = await lookup(name);
    if (given !== undefined) body[name] = given;
    else if (schema.required?.includes(name)) body[name] = await validBody(property(schema, name), n, lookup);
  }
  return body;
}

/** A copy of `target` with `value` at `path`, creating the objects on the way. */
function setAt(target: FieldValue, path: (string | number)[], value: FieldValue): FieldValue {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === 'number' && Array.isArray(target)) {
    const copy = [...target];
    copy[head] = setAt(copy[head] ?? null, rest, value);
    return copy;
  }
  const copy: Record<string, FieldValue> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  copy[head] = setAt(copy[head] ?? null, rest, value);
  return copy;
}

export interface Hostile {
  field: SweepField;
  value: FieldValue;
}

/**
 * A valid request of the operation (given values first, then values derived from the schema, unique per `n`), with
 * the hostile value, if any, in place of its field. `dirty` tells that a value function ran, and may have written.
 */
export async function buildRequest(
  operation: SweepOperation,
  sources: Record<string, ValueSource>,
  headers: Record<string, string>,
  n: number,
  hostile?: Hostile,
): Promise<{ request: SweepRequest; dirty: boolean }> {
  let dirty = false;
  const lookup: Lookup = async (name) => {
    const source = sources[name];
    if (typeof source !== 'function') return source;
    dirty = true;
    return source();
  };
  const params: Record<string, FieldValue> = {};
  const query: Record<string, FieldValue> = {};
  for (const field of operation.fields.filter((candidate) => candidate.in !== 'body')) {
    const given = await lookup(field.name);
    const target = field.in === 'path' ? params : query;
    if (given !== undefined) target[field.name] = given;
    else if (field.required) target[field.name] = validValue(field.schema, n);
  }
  let body = operation.body ? await validBody(operation.body.schema, n, lookup) : undefined;
  if (hostile?.field.in === 'path') params[hostile.field.name] = hostile.value;
  if (hostile?.field.in === 'query') query[hostile.field.name] = hostile.value;
  if (hostile?.field.in === 'body') body = setAt(body ?? {}, hostile.field.path, hostile.value);
  const request: SweepRequest = {
    method: operation.method,
    path: expandPath(operation.path, params),
    query,
    headers,
    body: operation.body && body !== undefined ? { mediaType: operation.body.mediaType, value: body } : undefined,
  };
  return { request, dirty };
}
