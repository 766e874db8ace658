import { BusinessRuleError } from '@shop/building-blocks/errors';
import { describe, expect, it } from 'vitest';
import { ProductHasReservationsError } from '../errors';
import { fromCents, MAX_STOCK, Product, toCents } from './product.entity';
import { MAX_PRICE } from './product.rules';

const cup = { name: 'Espresso cup', description: 'Porcelain, 80 ml', price: 19.99, stock: 12 };

function productWith(stock: { available: number; reserved?: number }): Product {
  const product = Product.create({ ...cup, stock: stock.available });
  product.reservedStock = stock.reserved ?? 0;
  return product;
}

describe('money: decimal prices in the API, integer cents in the database (ADR 0003)', () => {
  it('stores 19.99 as 1999 cents, not the 1998.9999999999998 of the float product', () => {
    expect(19.99 * 100).not.toBe(1999);
    expect(toCents(19.99)).toBe(1999);
  });

  it('round-trips every amount of up to two decimals from 0 to 100.00 exactly', () => {
    const drifted: number[] = [];
    for (let cents = 0; cents <= 10_000; cents += 1) {
      const price = Number((cents / 100).toFixed(2));
      if (toCents(price) !== cents || fromCents(cents) !== price) drifted.push(cents);
    }
    expect(drifted).toEqual([]);
  });

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
