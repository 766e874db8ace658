import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { pageSchemaOf } from '@shop/building-blocks/paging';
import { ProductDto } from '../../product.dto';
import { ListProductsQuery } from './list-products.query';

export const listProductsEndpoint: Endpoint = (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/v1/catalog/products',
    {
      schema: {
        tags: ['products'],
        summary: 'List products, a page at a time',
        querystring: schemaOf(ListProductsQuery),
        response: { 200: pageSchemaOf(ProductDto), ...problemResponses(400) },
      },
    },
    (request) => app.mediator.send(toRequest(ListProductsQuery, {}, request.query)),
  );
};
