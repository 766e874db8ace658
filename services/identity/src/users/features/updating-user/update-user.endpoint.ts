import type { Endpoint } from '@shop/building-blocks/http';
import { paramsAndBodyOf, problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { UserNotFoundError } from '../../../errors';
import { UserDto } from '../../user.dto';
import { UpdateUserCommand } from './update-user.command';

export const updateUserEndpoint: Endpoint = (app) => {
  app.put<{ Params: { id: string } }>(
    '/api/v1/identity/users/:id',
    {
      onRequest: app.auth.requireSelfOrAdmin('id', (id) => new UserNotFoundError(id)),
      schema: {
        tags: ['users'],
        summary: 'Update names and email (self or admin)',
        ...paramsAndBodyOf(UpdateUserCommand, ['id']),
        response: { 200: schemaOf(UserDto), ...problemResponses(400, 401, 404, 409, 413, 415) },
      },
    },
    (request) => app.mediator.send(toRequest(UpdateUserCommand, request.body, { id: request.params.id })),
  );
};
