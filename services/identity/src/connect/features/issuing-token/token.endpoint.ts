import type { Endpoint } from '@shop/building-blocks/http';
import { schemaOf, toRequest } from '@shop/building-blocks/http';
import type { GrantResult } from '../../oauth';
import { OAuthFailure } from '../../oauth';
import {
  type ClientRequest,
  oauthErrorHandler,
  oauthErrorSchema,
  readClientRequest,
  sendOAuth,
} from '../../oauth-http';
import { ClientCredentialsGrantCommand } from './client-credentials-grant.command';
import { PasswordGrantCommand } from './password-grant.command';
import { RefreshTokenGrantCommand } from './refresh-token-grant.command';
import { GRANT_TYPES, TokenForm } from './token.form';

const tokenSchema = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer' },
    refresh_token: { type: 'string' },
    scope: { type: 'string' },
  },
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
};

/** RFC 6749 §3.2: the token endpoint; grants `password` (§4.3), `refresh_token` (§6), `client_credentials` (§4.4). */
export const tokenEndpoint: Endpoint = (app) => {
  const grant = ({ form, credentials }: ClientRequest<TokenForm>): Promise<GrantResult> | GrantResult => {
    const common = { ...credentials, scope: form.scope };
    switch (form.grant_type) {
      case 'password':
        return app.mediator.send(
          toRequest(PasswordGrantCommand, { ...common, userName: form.username, password: form.password }),
        );
      case 'refresh_token':
        return app.mediator.send(toRequest(RefreshTokenGrantCommand, { ...common, refreshToken: form.refresh_token }));
      case 'client_credentials':
        return app.mediator.send(toRequest(ClientCredentialsGrantCommand, common));
      default:
        return new OAuthFailure('unsupported_grant_type', `Supported: ${GRANT_TYPES.join(', ')}`);
    }
  };

  app.post(
    '/connect/token',
    {
      schema: {
        tags: ['connect'],
        summary: 'OAuth2 token endpoint (RFC 6749)',
        consumes: ['application/x-www-form-urlencoded'],
        body: schemaOf(TokenForm),
        response: { 200: tokenSchema, 400: oauthErrorSchema, 401: oauthErrorSchema, 429: oauthErrorSchema },
      },
      errorHandler: oauthErrorHandler,
    },
    async (request, reply) => {
      const read = readClientRequest(request, TokenForm);
      if (read instanceof OAuthFailure) return sendOAuth(reply, read);
      // Counted once the request is well-formed: a malformed one costs no password check, and neither a garbled
      // Basic header nor an unreachable rate-limit store may turn it into a 5xx.
      const limited = await app.checkTokenRateLimits(request);
      if (limited) {
        reply.header('retry-after', String(limited.retryAfterSeconds)).header('cache-control', 'no-store');
        return reply.code(429).send({ error: 'too_many_requests', error_description: 'Too many token requests' });
      }
      return sendOAuth(reply, await grant(read));
    },
  );
};
