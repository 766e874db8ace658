import type { Endpoint } from '@shop/building-blocks/http';
import { toRequest } from '@shop/building-blocks/http';
import { OAuthFailure } from '../../oauth';
import { clientCredentialsOf, oauthErrorHandler, oauthErrorSchema, readForm, sendOAuth } from '../../oauth-http';
import { RevokeTokenCommand } from './revoke-token.command';

/** RFC 7009: token revocation, form-encoded, client authenticated like at the token endpoint. */
export const revokeTokenEndpoint: Endpoint = (app) => {
  app.post(
    '/connect/revoke',
    {
      schema: {
        tags: ['connect'],
        summary: 'Revoke a refresh token and its family (RFC 7009)',
        consumes: ['application/x-www-form-urlencoded'],
        body: {
          type: 'object',
          properties: {
            token: { type: 'string' },
            token_type_hint: { type: 'string', enum: ['refresh_token', 'access_token'] },
            client_id: { type: 'string' },
            client_secret: { type: 'string', format: 'password' },
          },
          required: ['token'],
        },
        response: { 200: { type: 'null' }, 400: oauthErrorSchema, 401: oauthErrorSchema },
      },
      errorHandler: oauthErrorHandler,
    },
    async (request, reply) => {
      const form = readForm(request);
      if (form instanceof OAuthFailure) return sendOAuth(reply, form);
      const client = clientCredentialsOf(request.headers.authorization, form);
      if (client instanceof OAuthFailure) return sendOAuth(reply, client);
      const { basic, ...credentials } = client;
      const failure = await app.mediator.send(
        toRequest(RevokeTokenCommand, { ...credentials, token: form.token, tokenTypeHint: form.token_type_hint }),
      );
      if (failure) return sendOAuth(reply, failure, basic);
      return reply.code(200).header('cache-control', 'no-store').send();
    },
  );
};
