import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { DeleteProductCommand } from './delete-product.command';

export const deleteProductEndpoint: Endpoint = (app) => {
  app.delete<{ Params: { id: string } }>(
    '/api/v1/catalog/products/:id',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['products'],
        summary: 'Delete a product that no open order has reserved (admin)',
        params: schemaOf(DeleteProductCommand),
        response: { 204: { description: 'Deleted', type: 'null' }, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.mediator.send(toRequest(DeleteProductCommand, {}, request.params));
      return reply.code(204).send();
    },
  );
};
