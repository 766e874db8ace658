import { randomUUID } from 'node:crypto';
import { VersionedEntity } from '@shop/building-blocks/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OrderStateConflictError } from '../errors';

export const ORDER_STATUSES = ['Pending', 'Confirmed', 'Rejected', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A line as it was priced when the order was placed: name and price are a snapshot, not a reference. */
export interface OrderLine {
  productId: string;
  productName: string;
  unitPriceCents: number;
  quantity: number;
}

export interface ShippingAddress {
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

/** bigint comes back from pg as a string; totals stay far below 2^53 cents. */
const bigintAsNumber = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/**
 * An order and its lifecycle (DESIGN §3, §4): `Pending -> Confirmed | Rejected`, `Pending | Confirmed -> Cancelled`.
 * Every transition is guarded here; a saga message that arrives for a state it no longer applies to changes nothing.
 */
@Entity('orders')
export class Order extends VersionedEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Column({ name: 'customer_name', type: 'varchar', length: 201 })
  customerName: string;

  @Column({ type: 'jsonb' })
  items: OrderLine[];

  @Column({ name: 'total_cents', type: 'bigint', transformer: bigintAsNumber })
  totalCents: number;

  @Column({ name: 'shipping_address', type: 'jsonb' })
  shippingAddress: ShippingAddress;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  static place(fields: {
    customerId: string;
    customerName: string;
    items: readonly OrderLine[];
    shippingAddress: ShippingAddress;
  }): Order {
    const order = new Order();
    order.id = randomUUID();
    order.customerId = fields.customerId;
    order.customerName = fields.customerName;
    order.items = [...fields.items];
    order.totalCents = fields.items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    order.shippingAddress = fields.shippingAddress;
    order.status = 'Pending';
    order.statusReason = null;
    return order;
  }

  /** Catalog reserved every line. Only a Pending order is confirmed; anything else was decided already. */
  confirm(): boolean {
    if (this.status !== 'Pending') return false;
    this.status = 'Confirmed';
    return true;
  }

  /** Catalog could not reserve, or the saga deadline passed. Only a Pending order is rejected. */
  reject(reason: string): boolean {
    if (this.status !== 'Pending') return false;
    this.status = 'Rejected';
    this.statusReason = reason;
    return true;
  }

  /** The customer (or an admin) cancels; a final state cannot be left (409). */
  cancel(): void {
    if (this.status !== 'Pending' && this.status !== 'Confirmed') {
      throw new OrderStateConflictError(this.id, this.status, 'Cancelled');
    }
    this.status = 'Cancelled';
    this.statusReason = null;
  }
}
