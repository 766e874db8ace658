import type { Endpoint } from '@shop/building-blocks/http';
import { createProductEndpoint } from './features/creating-product/create-product.endpoint';
import { CreateProductHandler } from './features/creating-product/create-product.handler';
import { deleteProductEndpoint } from './features/deleting-product/delete-product.endpoint';
import { DeleteProductHandler } from './features/deleting-product/delete-product.handler';
import { getProductByIdEndpoint } from './features/getting-product-by-id/get-product-by-id.endpoint';
import { GetProductByIdHandler } from './features/getting-product-by-id/get-product-by-id.handler';
import { listProductsEndpoint } from './features/listing-products/list-products.endpoint';
import { ListProductsHandler } from './features/listing-products/list-products.handler';
import { restockProductEndpoint } from './features/restocking-product/restock-product.endpoint';
import { RestockProductHandler } from './features/restocking-product/restock-product.handler';
import { updateProductEndpoint } from './features/updating-product/update-product.endpoint';
import { UpdateProductHandler } from './features/updating-product/update-product.handler';
import { Product } from './product.entity';

/** The products feature: its entities, endpoints, and the handlers the mediator dispatches to. */
export const productsFeature = {
  entities: [Product],
  endpoints: [
    createProductEndpoint,
    getProductByIdEndpoint,
    listProductsEndpoint,
    updateProductEndpoint,
    deleteProductEndpoint,
    restockProductEndpoint,
  ] satisfies Endpoint[],
  handlers: [
    CreateProductHandler,
    GetProductByIdHandler,
    ListProductsHandler,
    UpdateProductHandler,
    DeleteProductHandler,
    RestockProductHandler,
  ],
};
