import { defineSlice } from '@shop/building-blocks/hosting';
import { listProductsEndpoint } from './list-products.endpoint';
import { ListProductsHandler } from './list-products.handler';
import { ListProductsQuery } from './list-products.query';

export const listingProducts = defineSlice({
  name: 'listing-products',
  requests: [ListProductsQuery],
  handlers: [ListProductsHandler],
  endpoints: [listProductsEndpoint],
});
