import type { Endpoint } from '@shop/building-blocks/http';
import { createProductEndpoint } from './features/creating-product/create-product.endpoint';
import { CreateProductHandler } from './features/creating-product/create-product.handler';
import { getProductByIdEndpoint } from './features/getting-product-by-id/get-product-by-id.endpoint';
import { GetProductByIdHandler } from './features/getting-product-by-id/get-product-by-id.handler';
import { Product } from './product.entity';

/** The products feature: its entities, endpoints, and the handlers the mediator dispatches to. */
export const productsFeature = {
  entities: [Product],
  endpoints: [createProductEndpoint, getProductByIdEndpoint] satisfies Endpoint[],
  handlers: [CreateProductHandler, GetProductByIdHandler],
};
