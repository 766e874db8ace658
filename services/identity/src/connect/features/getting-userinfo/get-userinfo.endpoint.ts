import type { Endpoint } from '@shop/building-blocks/http';
import { problemResponses, toRequest } from '@shop/building-blocks/http';
import { GetUserInfoQuery } from './get-userinfo.query';

const userInfoSchema = {
  type: 'object',
  properties: {
    sub: { type: 'string' },
    preferred_username: { type: 'string' },
    email: { type: 'string' },
    given_name: { type: 'string' },
    family_name: { type: 'string' },
    role: { type: 'string' },
  },
};

/** OpenID Connect Core §5.3: the claims of the user the bearer token was issued for (not for service tokens). */
export const getUserInfoEndpoint: Endpoint = (app) => {
  app.get(
    '/connect/userinfo',
    {
      onRequest: app.auth.requireRole('admin', 'customer'),
      schema: {
        tags: ['connect'],
        summary: "The caller's claims",
        response: { 200: userInfoSchema, ...problemResponses(401, 403, 404) },
      },
    },
    (request) => app.mediator.send(toRequest(GetUserInfoQuery, {}, { userId: request.principal?.subject })),
  );
};
