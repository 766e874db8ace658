import { defineSlice } from '@shop/building-blocks/hosting';
import { CreateProductCommand } from './create-product.command';
import { createProductEndpoint } from './create-product.endpoint';
import { CreateProductHandler } from './create-product.handler';

export const creatingProduct = defineSlice({
  name: 'creating-product',
  requests: [CreateProductCommand],
  handlers: [CreateProductHandler],
  endpoints: [createProductEndpoint],
});
