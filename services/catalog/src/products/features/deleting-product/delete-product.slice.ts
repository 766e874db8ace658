import { defineSlice } from '@shop/building-blocks/hosting';
import { DeleteProductCommand } from './delete-product.command';
import { deleteProductEndpoint } from './delete-product.endpoint';
import { DeleteProductHandler } from './delete-product.handler';

export const deletingProduct = defineSlice({
  name: 'deleting-product',
  requests: [DeleteProductCommand],
  handlers: [DeleteProductHandler],
  endpoints: [deleteProductEndpoint],
});
