import { BusinessRuleError } from '@shop/building-blocks/errors';
import { fromCents, toCents } from '@shop/building-blocks/money';
import { VersionedEntity } from '@shop/building-blocks/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { InsufficientStockError, ProductHasReservationsError } from '../errors';

/** Stock counters are Postgres `integer`s; this keeps a restock from overflowing one. */
export const MAX_STOCK = 1_000_000_000;

@Entity('products')
export class Product extends VersionedEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  /** Money is exact: integer cents, never a float (DESIGN §3). */
  @Column({ name: 'price_cents', type: 'integer' })
  priceCents: number;

  @Column({ name: 'available_stock', type: 'integer' })
  availableStock: number;

  @Column({ name: 'reserved_stock', type: 'integer', default: 0 })
  reservedStock: number;

  static create(fields: { name: string; description: string; price: number; stock: number }): Product {
    const product = new Product();
    product.id = uuidv7();
    product.name = fields.name;
    product.description = fields.description;
    product.priceCents = toCents(fields.price);
    product.availableStock = fields.stock;
    product.reservedStock = 0;
    return product;
  }

  get price(): number {
    return fromCents(this.priceCents);
  }

  rename(fields: { name: string; description: string; price: number }): void {
    this.name = fields.name;
    this.description = fields.description;
    this.priceCents = toCents(fields.price);
  }

  restock(quantity: number): void {
    if (this.availableStock + quantity > MAX_STOCK) {
      throw new BusinessRuleError(`Stock of product ${this.id} cannot exceed ${MAX_STOCK}`);
    }
    this.availableStock += quantity;
  }

  /** Whether `quantity` units are available now: an order's lines are all checked before any of them is reserved. */
  canReserve(quantity: number): boolean {
    return quantity <= this.availableStock;
  }

  /** Holds units for an order (DESIGN §4): they move from available to reserved, and available never goes below 0. */
  reserve(quantity: number): void {
    ensureUnits(quantity);
    if (!this.canReserve(quantity)) throw new InsufficientStockError(this.id, quantity, this.availableStock);
    this.availableStock -= quantity;
    this.reservedStock += quantity;
  }

  /** Gives an order's reserved units back to the available stock (cancelled or rejected order). */
  release(quantity: number): void {
    ensureUnits(quantity);
    // Only units this product holds for orders can come back; more would mean the reservation records are wrong.
    if (quantity > this.reservedStock) {
      throw new RangeError(
        `Product ${this.id} holds ${this.reservedStock} reserved unit(s), cannot release ${quantity}`,
      );
    }
    this.reservedStock -= quantity;
    this.availableStock += quantity;
  }

  /** Units reserved by open orders must be released (or shipped) first, or those orders could not be fulfilled. */
  ensureDeletable(): void {
    if (this.reservedStock > 0) throw new ProductHasReservationsError(this.id, this.reservedStock);
  }
}

/** A negative or fractional quantity would turn a reservation into a restock (or the reverse). */
function ensureUnits(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new RangeError(`A stock quantity must be a positive integer, not ${quantity}`);
  }
}
