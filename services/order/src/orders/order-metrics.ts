import { Counter, Histogram, type Registry } from '@shop/building-blocks/http';
import type { Order } from './order.entity';

/** Why an order was rejected, as a bounded label: catalog's own reason is free text. */
export type RejectionCause = 'stock_unavailable' | 'timeout';

/**
 * The orders' business metrics on the service's `/metrics` (DESIGN §7). The handlers record a change with
 * `db.afterCommit`, so a transaction that rolls back counts nothing; the Grafana dashboard and the alert rules of
 * deployments/docker-compose read these names.
 */
export class OrderMetrics {
  private readonly placedTotal: Counter;
  private readonly confirmedTotal: Counter;
  private readonly rejectedTotal: Counter<'reason'>;
  private readonly cancelledTotal: Counter;
  private readonly sagaDuration: Histogram<'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.placedTotal = new Counter({ name: 'orders_placed_total', help: 'Orders placed (Pending)', registers });
    this.confirmedTotal = new Counter({ name: 'orders_confirmed_total', help: 'Orders confirmed', registers });
    this.rejectedTotal = new Counter({
      name: 'orders_rejected_total',
      help: 'Orders rejected, by reason: stock_unavailable (catalog could not reserve) or timeout (saga deadline)',
      labelNames: ['reason'],
      registers,
    });
    this.cancelledTotal = new Counter({ name: 'orders_cancelled_total', help: 'Orders cancelled', registers });
    this.sagaDuration = new Histogram({
      name: 'order_saga_duration_seconds',
      help: 'From placing an order to its Confirmed or Rejected, by outcome',
      labelNames: ['outcome'],
      // Up to the default saga deadline (ORDER_PENDING_TIMEOUT_MS, 60 s) and past it.
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    // Every series exists from the start, so a panel or an alert reads 0 rather than "no data".
    for (const reason of ['stock_unavailable', 'timeout'] satisfies RejectionCause[])
      this.rejectedTotal.inc({ reason }, 0);
    for (const outcome of ['confirmed', 'rejected']) this.sagaDuration.zero({ outcome });
  }

  placed(): void {
    this.placedTotal.inc();
  }

  /** `order` as saved Confirmed: its `updatedAt` is the end of its saga. */
  confirmed(order: Order): void {
    this.confirmedTotal.inc();
    this.sagaDuration.observe({ outcome: 'confirmed' }, sagaSeconds(order));
  }

  /** `order` as saved Rejected. */
  rejected(order: Order, reason: RejectionCause): void {
    this.rejectedTotal.inc({ reason });
    this.sagaDuration.observe({ outcome: 'rejected' }, sagaSeconds(order));
  }

  cancelled(): void {
    this.cancelledTotal.inc();
  }
}

/** Both timestamps are the database's, so the clocks of the service's replicas do not enter into it. */
function sagaSeconds(order: Order): number {
  return Math.max(0, order.updatedAt.getTime() - order.createdAt.getTime()) / 1000;
}
