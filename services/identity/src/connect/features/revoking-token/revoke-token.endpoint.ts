import type { Endpoint } from '@shop/building-blocks/http';
import { schemaOf, toRequest } from '@shop/building-blocks/http';
import { OAuthFailure } from '../../oauth';
import { oauthErrorHandler, oauthErrorSchema, readClientRequest, sendOAuth } from '../../oauth-http';
import { RevokeTokenCommand } from './revoke-token.command';
import { RevokeTokenForm } from './revoke-token.form';

/** RFC 7009: token revocation, form-encoded, client authenticated like at the token endpoint. */
export const revokeTokenEndpoint: Endpoint = (app) => {
  app.post(
    '/connect/revoke',
    {
      schema: {
        tags: ['connect'],
        summary: 'Revoke a refresh token and its family (RFC 7009)',
        consumes: ['application/x-www-form-urlencoded'],
        body: schemaOf(RevokeTokenForm),
        response: { 200: { type: 'null' }, 400: oauthErrorSchema, 401: oauthErrorSchema },
      },
      errorHandler: oauthErrorHandler,
    },
    async (request, reply) => {
      const read = readClientRequest(request, RevokeTokenForm);
      if (read instanceof OAuthFailure) return sendOAuth(reply, read);
      const { form, credentials } = read;
      const failure = await app.mediator.send(
        toRequest(RevokeTokenCommand, { ...credentials, token: form.token, tokenTypeHint: form.token_type_hint }),
      );
      if (failure) return sendOAuth(reply, failure);
      return reply.code(200).header('cache-control', 'no-store').send();
    },
  );
};
