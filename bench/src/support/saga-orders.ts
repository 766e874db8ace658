import type { FloorLine } from './saga-floor.js';
import type { PlaceOrder } from './saga-load.js';
import type { SagaOutcomes } from './saga-outcomes.js';
import type { Customer } from './shop-services.js';

/** One to three distinct products, one or two units each: multi-line orders, row locks taken in several orders. */
export function randomLines(products: readonly string[]): FloorLine[] {
  const count = Math.min(products.length, 1 + Math.floor(Math.random() * 3));
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(products[Math.floor(Math.random() * products.length)]);
  return [...chosen].map((productId) => ({ productId, quantity: 1 + Math.floor(Math.random() * 2) }));
}

export function roundRobin<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length];
}

export const SHIPPING_ADDRESS = { line1: '1 Main Street', city: 'Utrecht', postalCode: '3511 AA', country: 'NL' };

/**
 * Places orders as customers do, `POST /api/v1/orders` on the order service (customers in turn, random lines), and
 * waits for each one's OrderConfirmed through `outcomes`. Anything but 201 is a refused order.
 */
export function throughServices(
  orderUrl: string,
  customers: readonly Customer[],
  products: readonly string[],
  outcomes: SagaOutcomes,
): PlaceOrder {
  const nextCustomer = roundRobin(customers);
  return async () => {
    const response = await fetch(`${orderUrl}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: nextCustomer().authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ items: randomLines(products), shippingAddress: SHIPPING_ADDRESS }),
    });
    const answeredAt = performance.now();
    if (response.status !== 201) throw new Error(`POST /api/v1/orders: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    return { answeredAt, confirmedAt: outcomes.waitFor(id) };
  };
}
