import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import type { AckTracker } from './acks';
import { DeliveryBatcher, MAX_ALONE } from './delivery-batcher';
import type { MessageProcessor } from './message-processor';

/** A delivery as amqplib hands it over; only the fields the batcher reads. */
function delivery(tag: number, redelivered = false): ConsumeMessage {
  return { fields: { deliveryTag: tag, redelivered }, properties: {}, content: Buffer.from('{}') } as ConsumeMessage;
}

const tags = (messages: readonly ConsumeMessage[]) => messages.map((message) => message.fields.deliveryTag);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** One call of the processor: its messages, and the two moments the test lets happen when it chooses. */
interface Work {
  tags: number[];
  handlersDone: () => void;
  finish: () => void;
}

function fakes() {
  const started: Work[] = [];
  const requeued: number[] = [];
  const processor = {
    handle(messages: readonly ConsumeMessage[], committing: () => void): Promise<void> {
      return new Promise<void>((resolve) => {
        started.push({ tags: tags(messages), handlersDone: committing, finish: resolve });
      });
    },
  } as unknown as MessageProcessor;
  const acks = {
    delivered: () => undefined,
    requeue: (messages: readonly ConsumeMessage[]) => {
      requeued.push(...tags(messages));
      return true;
    },
  } as unknown as AckTracker;
  const batcher = new DeliveryBatcher(processor, acks, 50, () => undefined);
  return { batcher, started, requeued };
}

describe('DeliveryBatcher', () => {
  it('handles each message alone and at once while they fit beside each other: a low rate waits for no batch', async () => {
    // Given
    const { batcher, started } = fakes();

    // When as many messages as may run alone arrive in one network read
    for (let tag = 1; tag <= MAX_ALONE; tag++) batcher.push(delivery(tag));
    await nextTurn();

    // Then each runs alone, side by side
    expect(started.map((work) => work.tags)).toEqual([[1], [2], [3], [4]]);
  });

  it('puts what piles up beyond that into one batch, started when nothing else of the queue is being handled', async () => {
    // Given two messages being handled alone
    const { batcher, started } = fakes();
    batcher.push(delivery(1));
    batcher.push(delivery(2));
    await nextTurn();
    expect(started).toHaveLength(2);

    // When more arrive than fit beside them
    for (let tag = 3; tag <= 9; tag++) batcher.push(delivery(tag));
    await nextTurn();

    // Then they wait together while the two alone still run their handlers
    expect(started).toHaveLength(2);

    // When both have only their commit left
    started[0].handlersDone();
    await nextTurn();
    expect(started).toHaveLength(2);
    started[1].handlersDone();
    await nextTurn();

    // Then the seven form one batch
    expect(started.map((work) => work.tags)).toEqual([[1], [2], [3, 4, 5, 6, 7, 8, 9]]);
  });

  it('runs nothing beside a batch until its handlers are done, then takes the next work', async () => {
    // Given a batch running
    const { batcher, started } = fakes();
    for (let tag = 1; tag <= 6; tag++) batcher.push(delivery(tag));
    await nextTurn();
    expect(started.map((work) => work.tags)).toEqual([[1, 2, 3, 4, 5, 6]]);

    // When one more message arrives
    batcher.push(delivery(7));
    await nextTurn();

    // Then it waits for the batch's handlers, not for its commit
    expect(started).toHaveLength(1);
    started[0].handlersDone();
    await nextTurn();
    expect(started.map((work) => work.tags)).toEqual([[1, 2, 3, 4, 5, 6], [7]]);
  });

  it('handles a redelivered message alone, even among many waiting', async () => {
    // Given
    const { batcher, started } = fakes();

    // When a redelivery arrives with a pile of fresh messages
    batcher.push(delivery(1, true));
    for (let tag = 2; tag <= 10; tag++) batcher.push(delivery(tag));
    await nextTurn();

    // Then the redelivery runs alone; the others wait to form a batch once it is done
    expect(started.map((work) => work.tags)).toEqual([[1]]);
    started[0].finish();
    await nextTurn();
    await nextTurn();
    expect(started.map((work) => work.tags)).toEqual([[1], [2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  });

  it('takes no batch larger than its maximum', async () => {
    // Given
    const { batcher, started } = fakes();

    // When more than 50 messages are waiting
    for (let tag = 1; tag <= 120; tag++) batcher.push(delivery(tag));
    await nextTurn();

    // Then the first batch holds 50 of them, and the next 50 follow once its handlers are done
    expect(started.map((work) => work.tags.length)).toEqual([50]);
    started[0].handlersDone();
    await nextTurn();
    expect(started.map((work) => work.tags.length)).toEqual([50, 50]);
  });

  it('gives what is waiting back to the queue when stopped, and what arrives afterwards too', async () => {
    // Given a batch running and more waiting
    const { batcher, started, requeued } = fakes();
    for (let tag = 1; tag <= 6; tag++) batcher.push(delivery(tag));
    await nextTurn();
    batcher.push(delivery(7));
    batcher.push(delivery(8, true));

    // When
    batcher.stop();
    batcher.push(delivery(9));
    started[0].handlersDone();
    await nextTurn();

    // Then nothing more was started, and the waiting and the late arrival went back
    expect(started).toHaveLength(1);
    expect(requeued.sort((a, b) => a - b)).toEqual([7, 8, 9]);
  });
});
