import { Query } from '@shop/building-blocks/mediator';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

/** A product as another service prices an order line with it (shop.catalog.v1.Product). */
export interface ProductSummary {
  id: string;
  name: string;
  /** Exact money: integer cents. */
  unitPriceCents: number;
  availableStock: number;
}

/** The products with these ids, every one of them or a NOT_FOUND naming those that do not exist. */
export class GetProductsQuery extends Query<ProductSummary[]> {
  /** One order's products: enough for any basket, and a bound on what one call can make the database read. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids: string[];
}
