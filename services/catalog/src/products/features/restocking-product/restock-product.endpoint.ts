import type { Endpoint } from '@shop/building-blocks/http';
import { paramsAndBodyOf, problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { ProductDto } from '../../product.dto';
import { RestockProductCommand } from './restock-product.command';

export const restockProductEndpoint: Endpoint = (app) => {
  app.post<{ Params: { id: string } }>(
    '/api/v1/catalog/products/:id/stock',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['products'],
        summary: 'Add units to the available stock of a product (admin)',
        ...paramsAndBodyOf(RestockProductCommand, ['id']),
        response: { 200: schemaOf(ProductDto), ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    (request) => app.mediator.send(toRequest(RestockProductCommand, request.body, request.params)),
  );
};
