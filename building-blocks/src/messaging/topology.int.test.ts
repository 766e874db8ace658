import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVhost, type TestVhost } from '../testing';
import { TestHappened } from '../testing/messaging-harness';
import { declareConsumerTopology, dlqName, queueName, retryQueueName } from './topology';

describe('consumer topology', () => {
  let vhost: TestVhost;
  beforeAll(async () => {
    vhost = await createTestVhost('topology');
  });
  afterAll(() => vhost?.drop());

  it.each([
    ['classic', false],
    ['quorum', true],
  ])('declares %s queues with a retry path that leads back to the queue, and a DLQ', async (type, quorumQueues) => {
    // Given a consumer queue declared with two retry delays
    const queue = queueName(type, TestHappened);
    const connection = await connect(vhost.url);
    const channel = await connection.createChannel();
    await declareConsumerTopology(channel, TestHappened.exchange, queue, { retryDelaysMs: [100, 400], quorumQueues });

    // When a message waits out the TTL of a retry queue
    channel.sendToQueue(retryQueueName(queue, 100), Buffer.from('{}'), { messageId: 'm1', persistent: true });
    let message = await channel.get(queue, { noAck: true });
    for (let tries = 0; message === false && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      message = await channel.get(queue, { noAck: true });
    }

    // Then it is back in its own queue, and every queue is durable and of the configured type
    expect(message === false ? undefined : message.properties.messageId).toBe('m1');
    for (const name of [queue, dlqName(queue), retryQueueName(queue, 100), retryQueueName(queue, 400)]) {
      const info = (await vhost.queue(name)) as { durable: boolean; type: string };
      expect(info, name).toMatchObject({ durable: true, type });
    }
    await connection.close();
  });
});
