import type { BuiltShop } from './services';
import { type Order, type OrderStatus, ShopApi } from './shop-api';

/** How many orders were placed, confirmed (one of them cancelled later), rejected and cancelled. */
export interface Traffic {
  readonly placed: number;
  readonly confirmed: number;
  readonly rejected: number;
  readonly cancelled: number;
}

/**
 * Drives each part of the system once, through the public APIs as shop.rest does: the admin creates two products,
 * a customer registers, logs in and places orders (with an Idempotency-Key) that end Confirmed, one that catalog
 * rejects for want of stock, and cancels a confirmed one; waits until the saga has reached each of those ends.
 */
export async function driveTraffic(shop: BuiltShop): Promise<Traffic> {
  const api = new ShopApi(shop);
  const product = (name: string, stock: number) =>
    api.createProduct({ name, description: 'Porcelain', price: 12.5, stock });
  const [cup, rare] = [await product('Espresso cup', 50), await product('Signed saucer', 1)];
  const customer = await api.registerCustomer({ firstName: 'Ada', lastName: 'Lovelace' });
  const place = (productId: string, quantity: number) => api.placeOrder(customer.token, [{ productId, quantity }]);
  const ended = (order: Order, status: OrderStatus) => api.orderReaches(customer.token, order.id, status);

  const confirmed = [await place(cup.id, 1), await place(cup.id, 2), await place(cup.id, 1)];
  const rejected = await place(rare.id, 5);
  for (const order of confirmed) await ended(order, 'Confirmed');
  await ended(rejected, 'Rejected');
  const [cancelled] = confirmed;
  if (!cancelled) throw new Error('no order to cancel');
  await api.cancelOrder(customer.token, cancelled.id);
  return { placed: confirmed.length + 1, confirmed: confirmed.length, rejected: 1, cancelled: 1 };
}
