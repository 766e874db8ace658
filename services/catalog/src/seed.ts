import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Product } from './products/product.entity';

/** Development products (DESIGN §8): enough to list, search, filter by price and place an order. */
export const SEED_PRODUCTS = [
  { name: 'Espresso cup', description: 'Porcelain espresso cup with saucer, 80 ml', price: 12.5, stock: 120 },
  { name: 'Pour-over dripper', description: 'Ceramic cone dripper for size 02 filters', price: 24.9, stock: 40 },
  { name: 'Burr grinder', description: 'Conical steel burrs, 40 grind settings', price: 149, stock: 15 },
  { name: 'Milk jug', description: 'Stainless steel frothing jug, 350 ml', price: 19.99, stock: 60 },
  { name: 'Paper filters', description: 'Pack of 100 unbleached size 02 filters', price: 4.75, stock: 500 },
  { name: 'House blend coffee beans', description: 'Whole beans, medium roast, 1 kg', price: 21.4, stock: 80 },
] as const;

/** Arbitrary constant: serialises seeding when several instances start together, as names are not unique keys. */
const SEED_LOCK = 7_312_002;

/**
 * Adds each development product whose name is not in the catalog yet; a second run adds nothing.
 * Returns the names it added.
 */
export function seedCatalog(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const products = manager.getRepository(Product);
    const existing = await products.find({
      select: { name: true },
      where: { name: In(SEED_PRODUCTS.map((p) => p.name)) },
    });
    const present = new Set(existing.map((product) => product.name));
    const missing = SEED_PRODUCTS.filter((fields) => !present.has(fields.name));
    await products.save(missing.map((fields) => Product.create(fields)));
    return missing.map((fields) => fields.name);
  });
}
