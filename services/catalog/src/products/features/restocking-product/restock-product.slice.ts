import { defineSlice } from '@shop/building-blocks/hosting';
import { RestockProductCommand } from './restock-product.command';
import { restockProductEndpoint } from './restock-product.endpoint';
import { RestockProductHandler } from './restock-product.handler';

export const restockingProduct = defineSlice({
  name: 'restocking-product',
  requests: [RestockProductCommand],
  handlers: [RestockProductHandler],
  endpoints: [restockProductEndpoint],
});
