import type { Endpoint } from '@shop/building-blocks/http';
import { bodyOf, problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { OrderDto } from '../../order.dto';
import { PlaceOrderCommand } from './place-order.command';

/** DESIGN §3: a customer places an order; prices and names come from catalog and identity at this moment. */
export const placeOrderEndpoint: Endpoint = (app) => {
  app.post<{ Headers: { 'idempotency-key'?: string } }>(
    '/api/v1/orders',
    {
      onRequest: app.auth.requireRole('customer'),
      schema: {
        tags: ['orders'],
        summary: 'Place an order (customer)',
        description:
          'Send an `Idempotency-Key` header to retry safely: the same key and body return the first order ' +
          '(`Idempotent-Replayed: true`), the same key with another body is a 422.',
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', maxLength: 255 } },
        },
        body: bodyOf(PlaceOrderCommand, ['customerId', 'idempotencyKey']),
        response: { 201: schemaOf(OrderDto), ...problemResponses(400, 401, 403, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      const placed = await app.mediator.send(
        toRequest(PlaceOrderCommand, request.body, {
          customerId: request.principal?.subject,
          idempotencyKey: request.headers['idempotency-key'],
        }),
      );
      if (placed.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).header('location', `/api/v1/orders/${placed.order.id}`).send(placed.order);
    },
  );
};
