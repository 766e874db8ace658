import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { ProductDto } from '../../product.dto';
import { CreateProductCommand } from './create-product.command';

export const createProductEndpoint: Endpoint = (app) => {
  app.post(
    '/api/v1/catalog/products',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['products'],
        summary: 'Create a product (admin)',
        body: schemaOf(CreateProductCommand, { additionalProperties: false }),
        response: { 201: schemaOf(ProductDto), ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const product = await app.mediator.send(toRequest(CreateProductCommand, request.body));
      return reply.code(201).header('location', `/api/v1/catalog/products/${product.id}`).send(product);
    },
  );
};
