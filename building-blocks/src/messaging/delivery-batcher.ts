import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ConsumeMessage } from 'amqplib';
import type { AckTracker } from './acks';
import type { MessageProcessor } from './message-processor';

/**
 * Forms the batches of one subscription from what the broker has already delivered (prefetch), one batch's handlers
 * at a time: a first message after a quiet spell waits only for the rest of the same network read, never for a
 * timer; what arrives while a batch is being handled forms the next one, which starts as soon as the one before is
 * committing. A redelivered message (its batch failed, or a consumer died with it) is handled alone.
 */
export class DeliveryBatcher {
  private readonly waiting: ConsumeMessage[] = [];
  private draining = false;
  private stopped = false;

  constructor(
    private readonly processor: MessageProcessor,
    private readonly acks: AckTracker,
    private readonly maxBatch: number,
    /** Where the host keeps the work in flight, to wait for it on shutdown. */
    private readonly track: (work: Promise<void>) => void,
  ) {}

  push(message: ConsumeMessage): void {
    this.acks.delivered(message);
    if (this.stopped) {
      this.acks.requeue([message]); // not started: back to the queue for others
      return;
    }
    if (message.fields.redelivered) {
      this.track(this.processor.alone(message));
      return;
    }
    this.waiting.push(message);
    if (!this.draining) {
      this.draining = true;
      this.track(this.drain());
    }
  }

  /** Takes no further batch; what is waiting goes back to the queue. The batch in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.acks.requeue(this.waiting.splice(0));
  }

  /** The channel is gone: the broker puts its unacked deliveries back by itself, so they are dropped here. */
  abandon(): void {
    this.stopped = true;
    this.waiting.splice(0);
  }

  private async drain(): Promise<void> {
    try {
      // The deliveries of one network read arrive in the same turn of the event loop: let them all in first.
      await nextTurn();
      while (this.waiting.length > 0 && !this.stopped) {
        let signal: () => void = () => undefined;
        const committing = new Promise<void>((resolve) => {
          signal = resolve;
        });
        const batch = this.processor.batch(this.waiting.splice(0, this.maxBatch), () => signal());
        this.track(batch);
        // Once its handlers are done, a batch holds no lock it has not taken yet, so the next one can start: it may
        // wait for this one's locks, never the other way round.
        await Promise.race([committing, batch]);
      }
    } finally {
      this.draining = false;
    }
  }
}
