import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { DeleteUserCommand } from './delete-user.command';

export const deleteUserEndpoint: Endpoint = (app) => {
  app.delete<{ Params: { id: string } }>(
    '/api/v1/identity/users/:id',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['users'],
        summary: 'Delete a user (admin)',
        params: schemaOf(DeleteUserCommand),
        response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.mediator.send(toRequest(DeleteUserCommand, {}, request.params));
      return reply.code(204).send();
    },
  );
};
