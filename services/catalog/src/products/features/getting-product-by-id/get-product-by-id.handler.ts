import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { fromCents } from '@shop/building-blocks/money';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductNotFoundError } from '../../../errors';
import type { ProductDto } from '../../product.dto';
import { GetProductByIdQuery } from './get-product-by-id.query';

/** The columns of `products` (see product.entity.ts) as Postgres returns them. */
interface ProductRow {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  available_stock: number;
  reserved_stock: number;
  created_at: Date;
  updated_at: Date;
}

// A read needs no entity: one parameterised statement, its row mapped straight to the DTO. The most requested
// route skips TypeORM (query builder, entity hydration, query runner), which costs more CPU than the query itself.
const SELECT_PRODUCT = `SELECT id, name, description, price_cents, available_stock, reserved_stock, created_at, updated_at
  FROM products WHERE id = $1`;

@handles(GetProductByIdQuery)
export class GetProductByIdHandler implements RequestHandler<GetProductByIdQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetProductByIdQuery): Promise<ProductDto> {
    const rows = await this.db.select<ProductRow>(SELECT_PRODUCT, [query.id]);
    const row = rows[0];
    if (!row) throw new ProductNotFoundError(query.id);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      price: fromCents(row.price_cents),
      availableStock: row.available_stock,
      reservedStock: row.reserved_stock,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
