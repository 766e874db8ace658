import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { attemptOf, readMessage, republishOptions } from './envelope';
import { PoisonMessageError } from './errors';
import { queueName, retryQueueName } from './topology';

function delivery(body: string, properties: Partial<ConsumeMessage['properties']> = {}): ConsumeMessage {
  return {
    content: Buffer.from(body),
    fields: { deliveryTag: 1, redelivered: false, exchange: 'shop.order-placed', routingKey: '', consumerTag: 'c' },
    properties: { headers: {}, ...properties } as ConsumeMessage['properties'],
  };
}

describe('envelope', () => {
  it('reads the envelope of DESIGN §5 into an incoming message', () => {
    const message = readMessage(
      delivery('{"orderId":"o-1"}', {
        messageId: 'm-1',
        type: 'OrderPlaced',
        correlationId: 'c-1',
        timestamp: 1_700_000_000,
        headers: { 'causation-id': 'm-0', source: 'order', 'x-attempt': 2 },
      }),
    );
    expect(message).toEqual({
      messageId: 'm-1',
      type: 'OrderPlaced',
      payload: { orderId: 'o-1' },
      correlationId: 'c-1',
      causationId: 'm-0',
      timestamp: new Date(1_700_000_000_000),
      attempt: 2,
      source: 'order',
    });
  });

  it('treats a message without messageId or with a body that is not JSON as poison', () => {
    expect(() => readMessage(delivery('{}'))).toThrow(PoisonMessageError);
    expect(() => readMessage(delivery('not json', { messageId: 'm-1' }))).toThrow(PoisonMessageError);
  });

  it('counts the first delivery as attempt 1 and ignores a nonsensical attempt header', () => {
    expect(attemptOf(delivery('{}'))).toBe(1);
    expect(attemptOf(delivery('{}', { headers: { 'x-attempt': 'x' } }))).toBe(1);
    expect(attemptOf(delivery('{}', { headers: { 'x-attempt': 3 } }))).toBe(3);
  });

  it('keeps the envelope on a republished copy but drops the growing x-death history', () => {
    const received = delivery('{}', { messageId: 'm-1', type: 'OrderPlaced', headers: { traceparent: 't' } });
    Object.assign(received.properties.headers ?? {}, { 'x-death': [{ count: 1, reason: 'expired' }] });
    const options = republishOptions(received, { 'x-attempt': 2 });
    expect(options).toMatchObject({ messageId: 'm-1', type: 'OrderPlaced', persistent: true });
    expect(options.headers).toEqual({ traceparent: 't', 'x-attempt': 2 });
  });

  it('names queues <service>.<kebab-event> with retry queues named by their delay', () => {
    const queue = queueName('catalog', { name: 'OrderPlaced', version: 1, exchange: 'shop.order-placed', schema: {} });
    expect(queue).toBe('catalog.order-placed');
    expect(retryQueueName(queue, 5_000)).toBe('catalog.order-placed.retry.5000ms');
  });
});
