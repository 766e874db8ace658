import { BusinessRuleError } from '@shop/building-blocks/errors';
import { fromCents, toCents } from '@shop/building-blocks/money';
import { describe, expect, it } from 'vitest';
import { InsufficientStockError, ProductHasReservationsError } from '../errors';
import { MAX_STOCK, Product } from './product.entity';
import { MAX_PRICE } from './product.rules';

const cup = { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99, stock: 12 };

function productWith(stock: { available: number; reserved?: number }): Product {
  const product = Product.create({ ...cup, stock: stock.available });
  product.reservedStock = stock.reserved ?? 0;
  return product;
}

describe('product prices: decimals in the API, integer cents in the database (ADR 0003)', () => {
  it('round-trips the largest and the smallest price a client may send', () => {
    expect(toCents(MAX_PRICE)).toBe(100_000_000);
    expect(fromCents(toCents(MAX_PRICE))).toBe(MAX_PRICE);
    expect(toCents(999_999.99)).toBe(99_999_999);
    expect(fromCents(toCents(0.01))).toBe(0.01);
  });

  it('shows a product its price in decimals, from the cents it stores', () => {
    const product = Product.create({ ...cup, price: 0.3 });
    expect(product.priceCents).toBe(30);
    expect(product.price).toBe(0.3);
  });
});

describe('Product.create', () => {
  it('starts with the given stock available and none reserved, under a fresh UUID v7', () => {
    const product = Product.create(cup);
    expect(product).toMatchObject({ name: 'Espresso cup', availableStock: 12, reservedStock: 0, priceCents: 1999 });
    expect(product.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Product.create(cup).id).not.toBe(product.id);
  });
});

describe('Product.rename', () => {
  it('changes name, description and price, and leaves the stock alone', () => {
    // Given a product with units reserved
    const product = productWith({ available: 7, reserved: 3 });
    // When it is renamed and repriced
    product.rename({ name: 'Mug', description: 'Stoneware, 300 ml', price: 12.5 });
    // Then the new fields are in place and the stock counters are not touched
    expect(product).toMatchObject({ name: 'Mug', description: 'Stoneware, 300 ml', priceCents: 1250 });
    expect(product).toMatchObject({ availableStock: 7, reservedStock: 3 });
  });
});

describe('Product.restock', () => {
  it('adds the quantity to the available stock only', () => {
    // Given 12 available and 2 reserved
    const product = productWith({ available: 12, reserved: 2 });
    // When 5 units arrive
    product.restock(5);
    // Then 17 are available and the reservations are unchanged
    expect(product).toMatchObject({ availableStock: 17, reservedStock: 2 });
  });

  it('accepts a restock that reaches the maximum exactly', () => {
    const product = productWith({ available: MAX_STOCK - 5 });
    product.restock(5);
    expect(product.availableStock).toBe(MAX_STOCK);
  });

  it('refuses a restock past the maximum as a business rule, and keeps the stock it had', () => {
    // Given a product 5 units below the maximum
    const product = productWith({ available: MAX_STOCK - 5 });
    // When 6 units are added
    const restock = () => product.restock(6);
    // Then the rule refuses it (422), naming the limit, and nothing changed
    expect(restock).toThrow(BusinessRuleError);
    expect(restock).toThrow(String(MAX_STOCK));
    expect(product.availableStock).toBe(MAX_STOCK - 5);
  });
});

describe('Product.ensureDeletable', () => {
  it('lets a product without reservations go, however much is available', () => {
    expect(() => productWith({ available: 40, reserved: 0 }).ensureDeletable()).not.toThrow();
  });

  it('refuses while open orders hold units, and says how many', () => {
    // Given 2 units reserved by open orders
    const product = productWith({ available: 10, reserved: 2 });
    // When it is about to be deleted
    const remove = () => product.ensureDeletable();
    // Then it is a conflict (409) naming the reserved units
    expect(remove).toThrow(ProductHasReservationsError);
    expect(remove).toThrow('2 unit(s) reserved');
  });
});

describe('Product.reserve', () => {
  it('moves the units from available to reserved', () => {
    // Given 10 available and 2 already reserved
    const product = productWith({ available: 10, reserved: 2 });
    // When an order reserves 3
    product.reserve(3);
    // Then 7 are available and 5 reserved
    expect(product).toMatchObject({ availableStock: 7, reservedStock: 5 });
  });

  it('may take the last unit, leaving none available', () => {
    const product = productWith({ available: 4 });
    expect(product.canReserve(4)).toBe(true);
    product.reserve(4);
    expect(product).toMatchObject({ availableStock: 0, reservedStock: 4 });
  });

  it('refuses more than is available as a business rule, naming both counts, and moves nothing', () => {
    // Given 3 available
    const product = productWith({ available: 3, reserved: 1 });
    // When 4 are asked for
    const reserve = () => product.reserve(4);
    // Then the rule refuses (422) and the stock is as it was
    expect(product.canReserve(4)).toBe(false);
    expect(reserve).toThrow(InsufficientStockError);
    expect(reserve).toThrow('3 unit(s) available, 4 requested');
    expect(product).toMatchObject({ availableStock: 3, reservedStock: 1 });
  });

  it.each([0, -2, 1.5, Number.NaN])('refuses a quantity of %s, which would turn it into a restock', (quantity) => {
    const product = productWith({ available: 5, reserved: 1 });
    expect(() => product.reserve(quantity)).toThrow(RangeError);
    expect(product).toMatchObject({ availableStock: 5, reservedStock: 1 });
  });
});

describe('Product.release', () => {
  it('gives the units back to the available stock', () => {
    // Given 6 available and 4 reserved
    const product = productWith({ available: 6, reserved: 4 });
    // When an order's 3 units are released
    product.release(3);
    // Then 9 are available and 1 is still reserved
    expect(product).toMatchObject({ availableStock: 9, reservedStock: 1 });
  });

  it('undoes a reservation exactly', () => {
    const product = productWith({ available: 8, reserved: 1 });
    product.reserve(5);
    product.release(5);
    expect(product).toMatchObject({ availableStock: 8, reservedStock: 1 });
  });

  it('refuses to release more than is reserved, so the reserved stock never goes negative', () => {
    // Given 2 reserved
    const product = productWith({ available: 6, reserved: 2 });
    // When 3 are released
    const release = () => product.release(3);
    // Then nothing moves
    expect(release).toThrow('holds 2 reserved unit(s), cannot release 3');
    expect(product).toMatchObject({ availableStock: 6, reservedStock: 2 });
  });

  it.each([0, -1, 0.5])('refuses a quantity of %s', (quantity) => {
    const product = productWith({ available: 6, reserved: 2 });
    expect(() => product.release(quantity)).toThrow(RangeError);
    expect(product).toMatchObject({ availableStock: 6, reservedStock: 2 });
  });
});
