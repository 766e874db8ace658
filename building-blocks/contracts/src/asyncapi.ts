import { documentDescription, envelopeHeaders, envelopeProperties } from './asyncapi-envelope';
import { type EventDefinition, kebabCase } from './event-definition';
import { allEvents } from './registry';

const amqpBindingVersion = '0.3.0';

/**
 * The AsyncAPI 3.1 document of every event (DESIGN §5): one channel per exchange (durable fanout, as
 * `building-blocks/src/messaging/topology.ts` declares it), the operation that publishes to it, and the message:
 * payload schema, envelope headers and AMQP properties. A third party binds its own queue to a channel's exchange.
 */
export function asyncApiDocument(events: readonly EventDefinition<unknown>[] = allEvents): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of events) {
    const id = kebabCase(event.name);
    channels[id] = channelOf(event);
    operations[`publish-${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      title: `Publish ${event.name}`,
      summary: `Shop publishes ${event.name} v${event.version} to \`${event.exchange}\`.`,
      messages: [{ $ref: `#/channels/${id}/messages/${event.name}` }],
      bindings: { amqp: { deliveryMode: 2, timestamp: true, bindingVersion: amqpBindingVersion } },
    };
    messages[event.name] = messageOf(event);
  }
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Shop integration events',
      version: '1.0.0',
      description: documentDescription,
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:5672',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: "The development broker (`RABBITMQ_URL`); elsewhere, the broker of Shop's deployment.",
      },
    },
    channels,
    operations,
    components: { messages, schemas: { EnvelopeHeaders: envelopeHeaders } },
  };
}

function channelOf(event: EventDefinition<unknown>): Record<string, unknown> {
  const queue = `<service>.${kebabCase(event.name)}`;
  return {
    address: event.exchange,
    title: event.exchange,
    description:
      `The durable fanout exchange of ${event.name}. Consume it through a durable queue of your own named ` +
      `\`${queue}\` (e.g. \`billing.${kebabCase(event.name)}\`) bound to \`${event.exchange}\` with an empty ` +
      'routing key.',
    messages: { [event.name]: { $ref: `#/components/messages/${event.name}` } },
    bindings: {
      amqp: {
        is: 'routingKey',
        exchange: { name: event.exchange, type: 'fanout', durable: true, autoDelete: false, vhost: '/' },
        bindingVersion: amqpBindingVersion,
      },
    },
  };
}

function messageOf(event: EventDefinition<unknown>): Record<string, unknown> {
  return {
    name: event.name,
    title: `${event.name} v${event.version}`,
    summary: `The \`type\` property is \`${event.name}\`; the \`event-version\` header is ${event.version}.`,
    description: envelopeProperties,
    contentType: 'application/json',
    headers: { $ref: '#/components/schemas/EnvelopeHeaders' },
    payload: event.schema,
    bindings: { amqp: { messageType: event.name, bindingVersion: amqpBindingVersion } },
  };
}
