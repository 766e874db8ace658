import type { JsonSchema } from './event-definition';

/**
 * The AMQP headers table every event carries (DESIGN §5 envelope), as the outbox writes and the dispatcher publishes
 * it (`building-blocks/src/messaging/outbox.ts`, `outbox-publisher.ts`). Other headers may appear (e.g. W3C
 * `baggage`), so the schema stays open.
 */
export const envelopeHeaders: JsonSchema = {
  type: 'object',
  description: 'The AMQP headers table (`properties.headers` in amqplib) of every event.',
  properties: {
    source: {
      type: 'string',
      enum: ['identity', 'catalog', 'order'],
      description: 'The Shop service that published the event.',
    },
    'event-version': {
      type: 'integer',
      minimum: 1,
      description: "The version of the event's payload schema; a breaking change is a new version.",
    },
    'causation-id': {
      type: 'string',
      format: 'uuid',
      description:
        'messageId of the event whose handling caused this one (absent when an HTTP request or a timer caused it).',
    },
    traceparent: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C Trace Context of the publish span; continue it to join the trace of the order.',
    },
    tracestate: { type: 'string', description: 'W3C Trace Context vendor state, when there is any.' },
  },
  required: ['source', 'event-version'],
};

/** The AMQP properties of every event, in the words a consumer reads them with (`message.properties`). */
export const envelopeProperties =
  'AMQP properties: `messageId` (UUID v7, unique per event: the key to deduplicate on), `type` (the event name), ' +
  '`timestamp` (seconds since the epoch: when the event was written), `correlationId` (the correlationId of the ' +
  'event that caused it, else the trace id of the request that wrote it), `contentType` `application/json`, ' +
  '`deliveryMode` 2 (persistent). Headers: see the headers schema.';

/** The document's introduction: topology, naming, envelope and delivery, for whoever binds a queue of their own. */
export const documentDescription = [
  "Shop's integration events on RabbitMQ (AMQP 0-9-1). Payloads are camelCase JSON and never carry a password, " +
    'a hash or a token.',
  '## Exchanges\n\nEvery event type is published to its own durable **fanout** exchange named ' +
    '`shop.<kebab-event>` (e.g. `shop.order-placed` for `OrderPlaced`); the routing key is empty and ignored. ' +
    'Messages are persistent and published with publisher confirms from a transactional outbox: an event exists ' +
    'if and only if the state change it announces was committed.',
  '## Consuming: one queue per consumer and event\n\nBind a durable queue of your own to the exchange. Name it ' +
    '`<service>.<kebab-event>`, where `<service>` names the consuming application (e.g. `billing.order-placed`); ' +
    "Shop's own services follow the same convention (`catalog.order-placed`), so the names `identity.*`, " +
    '`catalog.*` and `order.*` are taken. Instances of one application share its queue (competing consumers); ' +
    "every application's queue receives every event. Shop's consumers retry through `<queue>.retry.<delay>ms` " +
    'queues and dead-letter to `<queue>.dlq`; a third party may follow the same pattern.',
  `## Envelope\n\n${envelopeProperties}`,
  '## Delivery\n\nAt least once, in no guaranteed order: the same event can arrive twice (e.g. after a broker ' +
    'restart), so handle it idempotently by `messageId`, and acknowledge it only after it is handled.',
].join('\n\n');
