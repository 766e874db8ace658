import { createHash } from 'node:crypto';
import { injectable } from '@shop/building-blocks/container';
import { DbContext } from '@shop/building-blocks/persistence';
import { IdempotencyKeyReusedError } from '../errors';
import type { OrderItemInput, ShippingAddressInput } from './order.rules';

/** A value with its object keys sorted, so that two bodies that differ only in key order hash alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

export function requestHash(command: { items: OrderItemInput[]; shippingAddress: ShippingAddressInput }): string {
  const body = canonical({ items: command.items, shippingAddress: command.shippingAddress });
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * `Idempotency-Key` per customer: the first request with a key claims it for its order; a later (or concurrent) one
 * with the same key gets that order back, or a 422 when its body differs. Keys older than the TTL are forgotten.
 */
@injectable()
export class IdempotencyKeys {
  constructor(private readonly db: DbContext) {}

  /** The order an earlier request with this key placed, if any (a 422 when the body differs). */
  async orderOf(customerId: string, key: string, hash: string): Promise<string | undefined> {
    const rows: { order_id: string; request_hash: string }[] = await this.db.manager.query(
      'SELECT order_id, request_hash FROM idempotency_keys WHERE customer_id = $1 AND key = $2',
      [customerId, key],
    );
    const found = rows[0];
    if (found && found.request_hash !== hash) throw new IdempotencyKeyReusedError();
    return found?.order_id;
  }

  /**
   * Claims the key for `orderId`. A concurrent request holding the same key waits here for the other transaction
   * (unique key), then sees its row: the order it placed is returned instead, and this one writes nothing.
   */
  async claim(customerId: string, key: string, hash: string, orderId: string): Promise<string | undefined> {
    const [claimed] = await this.db.manager.query(
      `INSERT INTO idempotency_keys (customer_id, key, request_hash, order_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id, key) DO NOTHING RETURNING order_id`,
      [customerId, key, hash, orderId],
    );
    if (claimed) return undefined;
    return this.orderOf(customerId, key, hash);
  }

  /** Forgets keys older than `ttlHours`; returns how many. */
  async forgetOlderThan(ttlHours: number): Promise<number> {
    const [, count] = await this.db.manager.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [ttlHours],
    );
    return Number(count ?? 0);
  }
}
