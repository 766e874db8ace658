import type { Channel, ConsumeMessage } from 'amqplib';

/**
 * Settles one channel's deliveries: acks a set of them with one `multiple` ack when no other delivery before the last
 * of them is still open (a message handled alone, a failed one whose copy is not confirmed), one by one otherwise.
 * A channel that has gone away cannot settle anything: its deliveries come back from the broker, and the inbox skips
 * those that were handled.
 */
export class AckTracker {
  /** Delivery tags received and not yet acked or requeued, in the order of arrival (tags only grow). */
  private readonly open = new Set<number>();

  constructor(private readonly channel: Channel) {}

  delivered(message: ConsumeMessage): void {
    this.open.add(message.fields.deliveryTag);
  }

  /** Acks `messages`; false when the channel was closed under them. */
  ack(messages: readonly ConsumeMessage[]): boolean {
    if (messages.length === 0) return true;
    const tags = new Set(messages.map((message) => message.fields.deliveryTag));
    const last = messages.reduce((latest, message) =>
      message.fields.deliveryTag > latest.fields.deliveryTag ? message : latest,
    );
    const lastTag = last.fields.deliveryTag;
    let onlyThese = true;
    for (const tag of this.open) {
      if (tag > lastTag) break;
      if (!tags.has(tag)) onlyThese = false;
    }
    for (const tag of tags) this.open.delete(tag);
    return this.settle(() => {
      if (onlyThese) this.channel.ack(last, true);
      else for (const message of messages) this.channel.ack(message);
    });
  }

  /** Gives `messages` back to the queue (marked redelivered); false when the channel was closed under them. */
  requeue(messages: readonly ConsumeMessage[]): boolean {
    for (const message of messages) this.open.delete(message.fields.deliveryTag);
    return this.settle(() => {
      for (const message of messages) this.channel.nack(message, false, true);
    });
  }

  private settle(send: () => void): boolean {
    try {
      send();
      return true;
    } catch {
      // amqplib throws on a closed channel: the broker has already put the deliveries back.
      return false;
    }
  }
}
