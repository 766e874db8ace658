import type { UnaryHandler } from '@shop/building-blocks/grpc';
import type { Mediator } from '@shop/building-blocks/mediator';
import { GetProductsQuery, type ProductSummary } from './get-products.query';

/** The scope a service token needs to call `CatalogService` (identity's `order-service` client has it). */
export const CATALOG_PRODUCTS_READ = 'catalog.products.read';

/** shop.catalog.v1.GetProductsResponse, camelCased by the proto loader. */
export interface GetProductsReply {
  products: ProductSummary[];
}

/** `CatalogService/GetProducts` (DESIGN §6): order prices its lines with it when an order is placed. */
export function getProductsGrpc(mediator: Mediator): UnaryHandler<{ ids: string[] }, GetProductsReply> {
  return async (request) => ({
    products: await mediator.send(Object.assign(new GetProductsQuery(), { ids: request.ids })),
  });
}
