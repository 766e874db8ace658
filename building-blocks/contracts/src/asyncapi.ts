import { type EventDefinition, kebabCase } from './event-definition';
import { allEvents } from './registry';

/**
 * The AsyncAPI 3.0 document of every event: one channel per exchange (fanout, durable), the message envelope
 * (AMQP properties and headers) and the payload schema. A third party binds its own queue to a channel's exchange.
 */
export function asyncApiDocument(events: readonly EventDefinition<unknown>[] = allEvents): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of events) {
    const id = kebabCase(event.name);
    channels[id] = {
      address: event.exchange,
      messages: { [event.name]: { $ref: `#/components/messages/${event.name}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: event.exchange, type: 'fanout', durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: '0.3.0',
        },
      },
    };
    operations[`publish-${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${event.name}` }],
    };
    messages[event.name] = {
      name: event.name,
      title: `${event.name} v${event.version}`,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/EnvelopeHeaders' },
      payload: event.schema,
      bindings: { amqp: { messageType: event.name, deliveryMode: 2, bindingVersion: '0.3.0' } },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Shop integration events',
      version: '1.0.0',
      description:
        'Every event is published to its own durable fanout exchange `shop.<kebab-event>` with publisher confirms, ' +
        'persistent, AMQP properties messageId (UUID v7), type, timestamp, correlationId, contentType ' +
        'application/json. Bind a durable queue of your own to an exchange to receive the event; handle it ' +
        'idempotently by messageId (delivery is at least once).',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: { local: { host: '127.0.0.1:5672', protocol: 'amqp', protocolVersion: '0.9.1' } },
    channels,
    operations,
    components: { messages, schemas: { EnvelopeHeaders: envelopeHeaders } },
  };
}

const envelopeHeaders = {
  type: 'object',
  properties: {
    traceparent: { type: 'string', description: 'W3C Trace Context of the transaction that wrote the event' },
    tracestate: { type: 'string' },
    'causation-id': { type: 'string', description: 'messageId of the message whose handling caused this event' },
    source: { type: 'string', description: 'The publishing service, e.g. catalog' },
    'event-version': { type: 'integer' },
  },
};
