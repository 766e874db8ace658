import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AsyncAPIDocumentInterface, DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { asyncApiDocument } from './asyncapi';
import { documentDescription } from './asyncapi-envelope';
import { kebabCase } from './event-definition';
import { allEvents } from './registry';
import { toYaml } from './yaml';

const file = join(__dirname, '..', 'asyncapi.yaml');

describe('asyncapi.yaml', () => {
  it('lists every event exchange and matches the event definitions (regenerate: UPDATE_ASYNCAPI=1)', () => {
    // Given the document generated from the definitions
    const expected = toYaml(asyncApiDocument());
    if (process.env.UPDATE_ASYNCAPI === '1') writeFileSync(file, expected);

    // When the committed file is read
    const committed = readFileSync(file, 'utf8');

    // Then it is the same document and names all eleven exchanges of DESIGN §5
    expect(committed).toBe(expected);
    expect(allEvents).toHaveLength(11);
    for (const event of allEvents) expect(committed).toContain(`address: "${event.exchange}"`);
  });

  describe('read by the official AsyncAPI parser', () => {
    let document: AsyncAPIDocumentInterface | undefined;
    let complaints: string[];
    beforeAll(async () => {
      // Given the committed document, as a third party's tooling reads it
      const { document: parsed, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
      document = parsed;
      complaints = diagnostics
        .filter((diagnostic) => diagnostic.severity <= DiagnosticSeverity.Warning)
        .map((diagnostic) => `${diagnostic.code} at ${diagnostic.path.join('.')}: ${diagnostic.message}`);
    });

    it('is valid: no error and no warning', () => {
      // Then the parser builds the document and complains about nothing
      expect(complaints).toEqual([]);
      expect(document).toBeDefined();
      // And the multi-line description reads back exactly as written
      expect(document?.info().description()).toBe(documentDescription);
    });

    it.each(allEvents.map((event) => [event.name, event] as const))(
      'documents %s: its exchange, who publishes to it, payload schema, envelope headers and queue naming',
      (_name, event) => {
        // When the channel of the event's exchange is looked up
        const channel = document
          ?.channels()
          .all()
          .find((candidate) => candidate.address() === event.exchange);

        // Then it is the durable fanout exchange the services declare, named as DESIGN §5 says
        expect(channel, `a channel at ${event.exchange}`).toBeDefined();
        expect(channel?.bindings().get('amqp')?.value()).toMatchObject({
          is: 'routingKey',
          exchange: { name: event.exchange, type: 'fanout', durable: true, autoDelete: false },
        });
        // And it tells a consumer how to name its queue: `<service>.<kebab-event>`
        expect(channel?.description()).toContain(`\`<service>.${kebabCase(event.name)}\``);
        // And Shop sends the event there, persistent and timestamped
        const [operation, ...more] = channel?.operations().all() ?? [];
        expect(more).toEqual([]);
        expect(operation?.action()).toBe('send');
        expect(operation?.bindings().get('amqp')?.value()).toMatchObject({ deliveryMode: 2, timestamp: true });
        // And its one message has the event's payload schema and the envelope headers the publisher sets
        const messages = channel?.messages().all() ?? [];
        expect(messages.map((message) => message.name())).toEqual([event.name]);
        const [message] = messages;
        expect(message?.contentType()).toBe('application/json');
        expect(message?.bindings().get('amqp')?.value()).toMatchObject({ messageType: event.name });
        expect(message?.payload()?.type()).toBe('object');
        expect(message?.payload()?.required()).toEqual(event.schema.required);
        expect(Object.keys(message?.payload()?.properties() ?? {})).toEqual(
          Object.keys(event.schema.properties as object),
        );
        const headers = message?.headers();
        expect(Object.keys(headers?.properties() ?? {}).sort()).toEqual(
          ['causation-id', 'event-version', 'source', 'traceparent', 'tracestate'].sort(),
        );
        expect(headers?.required()).toEqual(['source', 'event-version']);
      },
    );
  });
});
