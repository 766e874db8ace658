import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { ConsumeMessage } from 'amqplib';
import type { Command } from '../mediator';
import type { AnyConsumer, IncomingMessage } from './consumer';
import { readMessage } from './envelope';
import { messageContext } from './message-context';

const tracer = trace.getTracer('shop.messaging');

export type DeliveryOutcome =
  | { kind: 'handled' }
  | { kind: 'duplicate' }
  /** The message failed: it goes to its retry queue or the DLQ. */
  | { kind: 'failed'; error: unknown }
  /** Nothing it did was stored (its transaction did not commit): it goes back to the queue. */
  | { kind: 'requeued'; error: unknown };

/**
 * One delivered message on its way through a consumer: its consume span (a child of the publish span, so it belongs
 * to the writing transaction's trace), the message read and turned into its command, and what became of it.
 */
export class Delivery {
  readonly span: Span;
  private readonly spanContext: Context;
  readonly incoming: IncomingMessage<unknown> | undefined;
  readonly command: Command<unknown> | undefined;
  outcome: DeliveryOutcome | undefined;

  constructor(
    readonly message: ConsumeMessage,
    queue: string,
    consumer: AnyConsumer,
  ) {
    const parent = propagation.extract(ROOT_CONTEXT, message.properties.headers ?? {});
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': queue,
      'messaging.message.id': String(message.properties.messageId ?? ''),
    };
    this.span = tracer.startSpan(`${queue} process`, { kind: SpanKind.CONSUMER, attributes }, parent);
    this.spanContext = trace.setSpan(parent, this.span);
    try {
      this.incoming = readMessage(message);
      this.command = consumer.toCommand(this.incoming);
    } catch (error) {
      this.outcome = { kind: 'failed', error };
    }
  }

  get messageId(): string {
    return this.incoming?.messageId ?? '';
  }

  /** Runs `work` inside the message's span and its message context (events it writes carry its ids). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const incoming = this.incoming;
    if (!incoming) return Promise.reject(new Error('an unreadable message cannot be handled'));
    const cause = { messageId: incoming.messageId, correlationId: incoming.correlationId };
    return context.with(this.spanContext, () => messageContext.run(cause, work));
  }

  /** Records the outcome on the span and ends it. */
  end(): void {
    const outcome = this.outcome;
    if (outcome?.kind === 'failed' || outcome?.kind === 'requeued') {
      const error = outcome.error as Error;
      this.span.recordException(error);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    this.span.end();
  }
}
