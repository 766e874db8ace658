import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { OrderDto } from '../../order.dto';
import { OrderIdParams } from '../../order-id.params';
import { ownerScopeOf } from '../../viewer';
import { CancelOrderCommand } from './cancel-order.command';

export const cancelOrderEndpoint: Endpoint = (app) => {
  app.post<{ Params: { id: string } }>(
    '/api/v1/orders/:id/cancel',
    {
      onRequest: app.auth.requireRole('customer', 'admin'),
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order (owner or admin); 409 from a final state',
        params: schemaOf(OrderIdParams),
        response: { 200: schemaOf(OrderDto), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) =>
      app.mediator.send(
        toRequest(CancelOrderCommand, {}, { id: request.params.id, ownerId: ownerScopeOf(request.principal) }),
      ),
  );
};
