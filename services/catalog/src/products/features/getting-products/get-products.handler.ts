import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductsNotFoundError } from '../../../errors';
import { GetProductsQuery, type ProductSummary } from './get-products.query';

interface SummaryRow {
  id: string;
  name: string;
  price_cents: number;
  available_stock: number;
}

@handles(GetProductsQuery)
export class GetProductsHandler implements RequestHandler<GetProductsQuery> {
  constructor(private readonly db: DbContext) {}

  /** Each product once, in the order first asked for; an id asked for twice is answered once. */
  async handle(query: GetProductsQuery): Promise<ProductSummary[]> {
    const ids = [...new Set(query.ids.map((id) => id.toLowerCase()))];
    const rows: SummaryRow[] = await this.db.manager.query(
      'SELECT id, name, price_cents, available_stock FROM products WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const found = new Map(rows.map((row) => [row.id, row]));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new ProductsNotFoundError(unknown);
    return ids.flatMap((id) => {
      const row = found.get(id);
      return row
        ? [{ id: row.id, name: row.name, unitPriceCents: row.price_cents, availableStock: row.available_stock }]
        : [];
    });
  }
}
