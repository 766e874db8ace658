import { CATALOG_SERVICE } from '@shop/building-blocks/grpc';
import { defineSlice } from '@shop/building-blocks/hosting';
import { CATALOG_PRODUCTS_READ, getProductsGrpc } from './get-products.grpc';
import { GetProductsHandler } from './get-products.handler';
import { GetProductsQuery } from './get-products.query';

export const gettingProducts = defineSlice({
  name: 'getting-products',
  requests: [GetProductsQuery],
  handlers: [GetProductsHandler],
  grpc: [{ service: CATALOG_SERVICE, scope: CATALOG_PRODUCTS_READ, methods: { GetProducts: getProductsGrpc } }],
});
