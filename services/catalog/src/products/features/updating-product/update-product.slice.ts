import { defineSlice } from '@shop/building-blocks/hosting';
import { UpdateProductCommand } from './update-product.command';
import { updateProductEndpoint } from './update-product.endpoint';
import { UpdateProductHandler } from './update-product.handler';

export const updatingProduct = defineSlice({
  name: 'updating-product',
  requests: [UpdateProductCommand],
  handlers: [UpdateProductHandler],
  endpoints: [updateProductEndpoint],
});
