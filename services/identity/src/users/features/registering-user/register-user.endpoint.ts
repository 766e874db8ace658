import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, schemaOf, toRequest } from '@shop/building-blocks/http';
import { UserDto } from '../../user.dto';
import { RegisterUserCommand } from './register-user.command';

export const registerUserEndpoint: Endpoint = (app) => {
  app.post(
    '/api/v1/identity/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Register as a customer',
        body: schemaOf(RegisterUserCommand),
        response: { 201: schemaOf(UserDto), ...problemResponses(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const user = await app.mediator.send(toRequest(RegisterUserCommand, request.body));
      return reply.code(201).header('location', `/api/v1/identity/users/${user.id}`).send(user);
    },
  );
};
