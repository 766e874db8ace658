import { primaryType, type SchemaNode } from './hostile-sweep-schema';

interface OpenApiParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: SchemaNode;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaNode }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: Record<string, unknown>;
}

/** Where a field travels, and its path inside a JSON body (`['items', 0, 'quantity']`). */
export interface SweepField {
  in: 'path' | 'query' | 'body';
  path: (string | number)[];
  name: string;
  schema: SchemaNode;
  required: boolean;
}

/** How an operation words its errors: RFC 9457 problem details, or RFC 6749 §5.2 `{error}` (the OAuth endpoints). */
export type ErrorFormat = 'problem' | 'oauth';

export interface SweepOperation {
  /** `POST /api/v1/catalog/products` */
  key: string;
  method: string;
  path: string;
  fields: SweepField[];
  body?: { mediaType: 'json' | 'form'; schema: SchemaNode };
  errorFormat: ErrorFormat;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** Replaces local `$ref`s (`#/components/schemas/X`) by what they point at, at any depth. */
function resolve(node: unknown, document: OpenApiDocument, seen: string[] = []): SchemaNode {
  if (Array.isArray(node)) return node.map((item) => resolve(item, document, seen)) as SchemaNode;
  if (node === null || typeof node !== 'object') return node as SchemaNode;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && !seen.includes(ref)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], document);
    return resolve(target, document, [...seen, ref]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, resolve(value, document, seen)]),
  ) as SchemaNode;
}

/** Every property of a body, and of the objects inside it (an array's first element stands for all). */
function bodyFields(schema: SchemaNode, path: (string | number)[], required: boolean): SweepField[] {
  const fields: SweepField[] = [];
  if (path.length > 0) fields.push({ in: 'body', path, name: String(path.at(-1)), schema, required });
  const type = primaryType(schema);
  if (type === 'object') {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      fields.push(...bodyFields(child, [...path, name], schema.required?.includes(name) ?? false));
    }
  } else if (type === 'array' && schema.items && primaryType(schema.items) === 'object') {
    fields.push(...bodyFields(schema.items, [...path, 0], true).slice(1));
  }
  return fields;
}

/**
 * The error format an operation documents: an operation whose error responses are all plain `application/json`
 * (as RFC 6749 asks of the token endpoint) answers `{error}`; every other one answers problem details.
 */
function errorFormatOf(operation: OpenApiOperation): ErrorFormat {
  const errors = Object.entries(operation.responses ?? {}).filter(([status]) => /^[45]/.test(status));
  const mediaTypes = errors.flatMap(([, response]) => Object.keys(response.content ?? {}));
  if (mediaTypes.length > 0 && mediaTypes.every((type) => type === 'application/json')) return 'oauth';
  return 'problem';
}

/** Every operation of an OpenAPI 3 document with the fields a client can fill in. */
export function operationsOf(document: OpenApiDocument): SweepOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => {
        const parameters = (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
        const fields: SweepField[] = parameters.map((parameter) => ({
          in: parameter.in as 'path' | 'query',
          path: [parameter.name],
          name: parameter.name,
          schema: resolve(parameter.schema ?? {}, document),
          required: parameter.in === 'path' || parameter.required === true,
        }));
        const content = operation.requestBody?.content ?? {};
        const form = content['application/x-www-form-urlencoded']?.schema;
        const json = content['application/json']?.schema;
        const schema = form ?? json;
        const body = schema
          ? { mediaType: form ? ('form' as const) : ('json' as const), schema: resolve(schema, document) }
          : undefined;
        if (body) fields.push(...bodyFields(body.schema, [], true));
        const upper = method.toUpperCase();
        return { key: `${upper} ${path}`, method: upper, path, fields, body, errorFormat: errorFormatOf(operation) };
      }),
  );
}
