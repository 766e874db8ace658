/** A JSON Schema (draft 2020-12) object, kept as plain data so that it serialises into the AsyncAPI document. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * One integration event, version and exchange included. `TPayload` is a phantom type: it lets
 * `outbox.add(ProductCreated, payload)` and consumers check the payload at compile time.
 */
export interface EventDefinition<TPayload> {
  /** PascalCase event type, also the AMQP `type` property, e.g. `OrderPlaced`. */
  readonly name: string;
  /** Bumped on a breaking change; a new version is a new event definition published beside the old one. */
  readonly version: number;
  /** The durable fanout exchange the event is published to, e.g. `shop.order-placed` (DESIGN §5). */
  readonly exchange: string;
  /** JSON Schema of the payload (camelCase JSON). */
  readonly schema: JsonSchema;
  readonly __payload?: TPayload;
}

export type PayloadOf<D> = D extends EventDefinition<infer T> ? T : never;

/** `OrderPlaced` -> `order-placed`. */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function defineEvent<TPayload>(name: string, version: number, schema: JsonSchema): EventDefinition<TPayload> {
  return Object.freeze({ name, version, exchange: `shop.${kebabCase(name)}`, schema });
}

/** An object schema whose listed properties are all required unless named in `optional`. */
export function objectSchema(
  properties: Record<string, JsonSchema>,
  optional: readonly string[] = [],
  description?: string,
): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
/** Money in currency units with at most two decimals (never a float in a database, DESIGN §3). */
export const money: JsonSchema = { type: 'number', minimum: 0, multipleOf: 0.01 };
export const quantity: JsonSchema = { type: 'integer', minimum: 1 };
export const text = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
