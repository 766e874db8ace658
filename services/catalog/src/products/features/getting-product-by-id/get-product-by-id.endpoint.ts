import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { ProductDto } from '../../product.dto';
import { GetProductByIdQuery } from './get-product-by-id.query';

export const getProductByIdEndpoint: Endpoint = (app) => {
  app.get<{ Params: { id: string } }>(
    '/api/v1/catalog/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'Get a product by id',
        params: schemaOf(GetProductByIdQuery),
        response: { 200: schemaOf(ProductDto), ...problemResponses(400, 404) },
      },
    },
    (request) => app.mediator.send(toRequest(GetProductByIdQuery, {}, request.params)),
  );
};
