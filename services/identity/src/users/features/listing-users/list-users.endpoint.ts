import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { pageSchemaOf } from '@shop/building-blocks/paging';
import { UserDto } from '../../user.dto';
import { ListUsersQuery } from './list-users.query';

export const listUsersEndpoint: Endpoint = (app) => {
  app.get(
    '/api/v1/identity/users',
    {
      onRequest: app.auth.requireRole('admin'),
      schema: {
        tags: ['users'],
        summary: 'List users (admin)',
        querystring: schemaOf(ListUsersQuery),
        response: { 200: pageSchemaOf(UserDto), ...problemResponses(400, 401, 403) },
      },
    },
    (request) => app.mediator.send(toRequest(ListUsersQuery, request.query)),
  );
};
