import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { OrderDto } from '../../order.dto';
import { OrderIdParams } from '../../order-id.params';
import { ownerScopeOf } from '../../viewer';
import { GetOrderByIdQuery } from './get-order-by-id.query';

export const getOrderByIdEndpoint: Endpoint = (app) => {
  app.get<{ Params: { id: string } }>(
    '/api/v1/orders/:id',
    {
      onRequest: app.auth.requireRole('customer', 'admin'),
      schema: {
        tags: ['orders'],
        summary: 'Get an order (owner or admin)',
        params: schemaOf(OrderIdParams),
        response: { 200: schemaOf(OrderDto), ...problemResponses(400, 401, 403, 404) },
      },
    },
    (request) =>
      app.mediator.send(
        toRequest(GetOrderByIdQuery, {}, { id: request.params.id, ownerId: ownerScopeOf(request.principal) }),
      ),
  );
};
