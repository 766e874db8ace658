import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { pageSchemaOf } from '@shop/building-blocks/paging';
import { OrderDto } from '../../order.dto';
import { ownerScopeOf } from '../../viewer';
import { ListOrdersQuery } from './list-orders.query';

/** DESIGN §3: a customer lists their own orders, an admin everyone's (optionally one customer's). */
export const listOrdersEndpoint: Endpoint = (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/v1/orders',
    {
      onRequest: app.auth.requireRole('customer', 'admin'),
      schema: {
        tags: ['orders'],
        summary: 'List orders (own; admin: all)',
        querystring: schemaOf(ListOrdersQuery),
        response: { 200: pageSchemaOf(OrderDto), ...problemResponses(400, 401, 403) },
      },
    },
    (request) => {
      const owner = ownerScopeOf(request.principal);
      const overrides = owner === undefined ? {} : { customerId: owner };
      return app.mediator.send(toRequest(ListOrdersQuery, request.query, overrides));
    },
  );
};
