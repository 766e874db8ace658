import { ConflictError } from '@shop/building-blocks/errors';
import { describe, expect, it } from 'vitest';
import { OrderStateConflictError } from '../errors';
import { ORDER_STATUSES, Order, type OrderStatus } from './order.entity';

const CUP = '0190a0a0-0000-7000-8000-000000000001';
const TEA = '0190a0a0-0000-7000-8000-000000000002';
const address = { line1: '1 Main Street', city: 'Utrecht', postalCode: '3511 AA', country: 'NL' };

function placeOrder(lines = [{ productId: CUP, productName: 'Espresso cup', unitPriceCents: 1999, quantity: 2 }]) {
  return Order.place({
    customerId: '0190a0a0-0000-7000-8000-0000000000aa',
    customerName: 'Ada Lovelace',
    items: lines,
    shippingAddress: address,
  });
}

function orderIn(status: OrderStatus): Order {
  const order = placeOrder();
  order.status = status;
  return order;
}

describe('Order.place', () => {
  it('starts Pending, without a reason, under a fresh id', () => {
    const order = placeOrder();
    expect(order).toMatchObject({ status: 'Pending', statusReason: null, customerName: 'Ada Lovelace' });
    expect(order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(placeOrder().id).not.toBe(order.id);
  });

  it('totals the lines in integer cents, exactly', () => {
    // 7 x 19.99 in floating point is 139.92999999999998; in cents every line and the sum are exact
    const order = placeOrder([
      { productId: CUP, productName: 'Espresso cup', unitPriceCents: 1999, quantity: 7 },
      { productId: TEA, productName: 'Green tea', unitPriceCents: 10, quantity: 3 },
    ]);
    expect(order.totalCents).toBe(14_023);
    expect(Number.isInteger(order.totalCents)).toBe(true);
  });

  it('keeps its own copy of the lines, so later changes to the input do not reach the order', () => {
    const lines = [{ productId: CUP, productName: 'Espresso cup', unitPriceCents: 500, quantity: 1 }];
    const order = placeOrder(lines);
    lines.push({ productId: TEA, productName: 'Green tea', unitPriceCents: 100, quantity: 1 });
    expect(order.items).toHaveLength(1);
  });
});

describe('Order.confirm', () => {
  it('confirms a Pending order', () => {
    const order = orderIn('Pending');
    expect(order.confirm()).toBe(true);
    expect(order.status).toBe('Confirmed');
  });

  it.each(['Confirmed', 'Rejected', 'Cancelled'] as const)('leaves a %s order as it is', (status) => {
    const order = orderIn(status);
    expect(order.confirm()).toBe(false);
    expect(order.status).toBe(status);
  });
});

describe('Order.reject', () => {
  it('rejects a Pending order with its reason', () => {
    const order = orderIn('Pending');
    expect(order.reject('timeout')).toBe(true);
    expect(order).toMatchObject({ status: 'Rejected', statusReason: 'timeout' });
  });

  it.each(['Confirmed', 'Rejected', 'Cancelled'] as const)('leaves a %s order and its reason as they are', (status) => {
    const order = orderIn(status);
    order.statusReason = status === 'Rejected' ? 'out of stock' : null;
    const before = { status: order.status, statusReason: order.statusReason };
    expect(order.reject('timeout')).toBe(false);
    expect({ status: order.status, statusReason: order.statusReason }).toEqual(before);
  });
});

describe('Order.cancel', () => {
  it.each(['Pending', 'Confirmed'] as const)('cancels a %s order', (status) => {
    const order = orderIn(status);
    order.cancel();
    expect(order).toMatchObject({ status: 'Cancelled', statusReason: null });
  });

  it.each(['Rejected', 'Cancelled'] as const)(
    'refuses to cancel a %s order with a 409, leaving it as it is',
    (status) => {
      const order = orderIn(status);
      let refusal: unknown;
      try {
        order.cancel();
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(OrderStateConflictError);
      expect(refusal).toBeInstanceOf(ConflictError);
      expect(refusal).toMatchObject({
        status: 409,
        message: `Order ${order.id} is ${status} and cannot become Cancelled`,
      });
      expect(order.status).toBe(status);
    },
  );
});

describe('the lifecycle as a whole', () => {
  it('lets an order leave Pending once, and leave Confirmed only to Cancelled', () => {
    const reachable = (from: OrderStatus) =>
      ORDER_STATUSES.filter((to) => {
        const order = orderIn(from);
        if (to === 'Confirmed') return order.confirm();
        if (to === 'Rejected') return order.reject('reason');
        if (to === 'Cancelled') {
          try {
            order.cancel();
            return true;
          } catch {
            return false;
          }
        }
        return false;
      });
    expect(Object.fromEntries(ORDER_STATUSES.map((from) => [from, reachable(from)]))).toEqual({
      Pending: ['Confirmed', 'Rejected', 'Cancelled'],
      Confirmed: ['Cancelled'],
      Rejected: [],
      Cancelled: [],
    });
  });
});
