import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { UserNotFoundError } from '../../../errors';
import { UserDto } from '../../user.dto';
import { GetUserByIdQuery } from './get-user-by-id.query';

export const getUserByIdEndpoint: Endpoint = (app) => {
  app.get<{ Params: { id: string } }>(
    '/api/v1/identity/users/:id',
    {
      onRequest: app.auth.requireSelfOrAdmin('id', (id) => new UserNotFoundError(id)),
      schema: {
        tags: ['users'],
        summary: 'Get a user (self or admin)',
        params: schemaOf(GetUserByIdQuery),
        response: { 200: schemaOf(UserDto), ...problemResponses(400, 401, 404) },
      },
    },
    (request) => app.mediator.send(toRequest(GetUserByIdQuery, {}, request.params)),
  );
};
