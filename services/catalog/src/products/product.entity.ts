import { BusinessRuleError } from '@shop/building-blocks/errors';
import { VersionedEntity } from '@shop/building-blocks/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProductHasReservationsError } from '../errors';

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

  /** Units reserved by open orders must be released (or shipped) first, or those orders could not be fulfilled. */
  ensureDeletable(): void {
    if (this.reservedStock > 0) throw new ProductHasReservationsError(this.id, this.reservedStock);
  }
}

/** Validated prices have at most two decimals; rounding removes the binary-float error of `19.99 * 100`. */
export function toCents(price: number): number {
  return Math.round(price * 100);
}

/** Exact for every amount below 2^53 cents, which bounds every price a client can send (docs/adr/0003). */
export function fromCents(cents: number): number {
  return cents / 100;
}
