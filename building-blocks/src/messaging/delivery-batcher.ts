import { AsyncResource } from 'node:async_hooks';
import type { ConsumeMessage } from 'amqplib';
import type { AckTracker } from './acks';
import type { MessageProcessor } from './message-processor';

/** Messages handled alone at the same time, each in a transaction of its own (pool size: 10 per service). */
export const MAX_ALONE = 4;

/**
 * Decides how one subscription's deliveries are handled, from what the broker has already delivered (prefetch), and
 * never waits for a timer. While what waits fits beside what runs alone (`MAX_ALONE`), each message is handled alone
 * at once, so a low rate sees no batching delay; messages that pile up beyond that form one batch (up to `maxBatch`)
 * as soon as nothing else is being handled. Why a batch runs with nothing beside it: each message takes its locks in
 * an order of its own (catalog: products in id order, ADR 0009), so messages alone never wait on each other in a
 * cycle, but a batch holds the locks of several messages, taken one message after the other. Once a transaction's
 * handlers are done and only its commit is left, it takes no further lock, and the next work starts. A redelivered
 * message (its batch failed, or a consumer died with it) is always handled alone.
 */
export class DeliveryBatcher {
  private readonly waiting: ConsumeMessage[] = [];
  private readonly redelivered: ConsumeMessage[] = [];
  private alone = 0;
  private batchRunning = false;
  private scheduled = false;
  private stopped = false;
  /** Runs in the context the batcher was made in, never in that of a transaction that has just done its handlers. */
  private readonly scheduleOutside = AsyncResource.bind(() => this.schedule());

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
    (message.fields.redelivered ? this.redelivered : this.waiting).push(message);
    if (this.scheduled) return;
    // The deliveries of one network read arrive in the same turn of the event loop: let them all in first.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.schedule();
    });
  }

  /** Takes nothing further; what is waiting goes back to the queue. The work in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.acks.requeue([...this.waiting.splice(0), ...this.redelivered.splice(0)]);
  }

  /** The channel is gone: the broker puts its unacked deliveries back by itself, so they are dropped here. */
  abandon(): void {
    this.stopped = true;
    this.waiting.splice(0);
    this.redelivered.splice(0);
  }

  private schedule(): void {
    if (this.stopped || this.batchRunning) return;
    while (this.alone < MAX_ALONE) {
      // As long as what waits fits beside what runs alone, it runs alone too: no message waits for another's commit.
      const fits = this.waiting.length <= MAX_ALONE - this.alone;
      const next = this.redelivered.shift() ?? (fits ? this.waiting.shift() : undefined);
      if (!next) break;
      this.start([next]);
    }
    if (this.waiting.length > 1 && this.alone === 0) this.start(this.waiting.splice(0, this.maxBatch));
  }

  private start(messages: ConsumeMessage[]): void {
    const together = messages.length > 1;
    if (together) this.batchRunning = true;
    else this.alone++;
    let done = false;
    const handlersDone = () => {
      if (done) return;
      done = true;
      if (together) this.batchRunning = false;
      else this.alone--;
      this.scheduleOutside();
    };
    this.track(this.processor.handle(messages, handlersDone).finally(handlersDone));
  }
}
