import { defineSlice } from '@shop/building-blocks/hosting';
import { getProductByIdEndpoint } from './get-product-by-id.endpoint';
import { GetProductByIdHandler } from './get-product-by-id.handler';
import { GetProductByIdQuery } from './get-product-by-id.query';

export const gettingProductById = defineSlice({
  name: 'getting-product-by-id',
  requests: [GetProductByIdQuery],
  handlers: [GetProductByIdHandler],
  endpoints: [getProductByIdEndpoint],
});
