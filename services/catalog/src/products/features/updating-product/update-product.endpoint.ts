import type { Endpoint } from '@shop/building-blocks/http';
import { paramsAndBodyOf, problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { ProductDto } from '../../product.dto';
import { UpdateProductCommand } from './update-product.command';

export const updateProductEndpoint: Endpoint = (app) => {
  app.put<{ Params: { id: string } }>(
    '/api/v1/catalog/products/:id',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['products'],
        summary: 'Update the name, description and price of a product (admin)',
        ...paramsAndBodyOf(UpdateProductCommand, ['id']),
        response: { 200: schemaOf(ProductDto), ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    (request) => app.mediator.send(toRequest(UpdateProductCommand, request.body, request.params)),
  );
};
