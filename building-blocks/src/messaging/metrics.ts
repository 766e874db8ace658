import { Counter, Gauge, type Registry } from 'prom-client';

export interface MessagingMetrics {
  readonly published: Counter<'exchange'>;
  readonly consumed: Counter<'queue'>;
  readonly retried: Counter<'queue'>;
  readonly deadLettered: Counter<'queue'>;
  readonly duplicates: Counter<'queue'>;
  readonly outboxBacklog: Gauge;
  readonly outboxConfirmTimeouts: Counter;
}

const byRegistry = new WeakMap<Registry, MessagingMetrics>();

/**
 * The messaging metrics of one service instance (DESIGN §7). The outbox backlog is read from the table when
 * Prometheus scrapes, through `readBacklog`, so it is right even while the dispatcher is stopped.
 */
export function messagingMetrics(registry: Registry, readBacklog: () => Promise<number>): MessagingMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: MessagingMetrics = {
    published: new Counter({
      name: 'messaging_published_total',
      help: 'Messages published from the outbox and confirmed by the broker',
      labelNames: ['exchange'],
      registers,
    }),
    consumed: counter(registry, 'messaging_consumed_total', 'Messages handled and acknowledged'),
    retried: counter(registry, 'messaging_retried_total', 'Failed messages sent to a retry queue'),
    deadLettered: counter(registry, 'messaging_dead_lettered_total', 'Messages moved to a dead-letter queue'),
    duplicates: counter(registry, 'messaging_duplicates_skipped_total', 'Redelivered messages skipped by the inbox'),
    outboxBacklog: new Gauge({
      name: 'messaging_outbox_backlog',
      help: 'Outbox rows not yet confirmed by the broker',
      registers,
      async collect() {
        this.set(await readBacklog());
      },
    }),
    outboxConfirmTimeouts: new Counter({
      name: 'messaging_outbox_confirm_timeouts_total',
      help: 'Outbox batches rolled back because the broker did not confirm them in time (e.g. a resource alarm)',
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

/**
 * Puts the counters of a queue the service consumes at 0 before its first message, so that a dashboard or an alert
 * reads 0 dead-lettered (not "no data") on a healthy system.
 */
export function countQueueFromZero(metrics: MessagingMetrics, queue: string): void {
  for (const counter of [metrics.consumed, metrics.retried, metrics.deadLettered, metrics.duplicates]) {
    counter.inc({ queue }, 0);
  }
}

function counter(registry: Registry, name: string, help: string): Counter<'queue'> {
  return new Counter({ name, help, labelNames: ['queue'], registers: [registry] });
}
