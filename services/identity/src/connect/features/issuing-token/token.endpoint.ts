import type { Endpoint } from '@shop/building-blocks/http';
import { toRequest } from '@shop/building-blocks/http';
import type { GrantResult } from '../../oauth';
import { OAuthFailure } from '../../oauth';
import { clientCredentialsOf, oauthErrorHandler, oauthErrorSchema, readForm, sendOAuth } from '../../oauth-http';
import { ClientCredentialsGrantCommand } from './client-credentials-grant.command';
import { PasswordGrantCommand } from './password-grant.command';
import { RefreshTokenGrantCommand } from './refresh-token-grant.command';

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

const formSchema = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', enum: ['password', 'refresh_token', 'client_credentials'] },
    username: { type: 'string' },
    password: { type: 'string', format: 'password' },
    refresh_token: { type: 'string' },
    client_id: { type: 'string', example: 'shop-client' },
    client_secret: { type: 'string', format: 'password' },
    scope: { type: 'string' },
  },
  required: ['grant_type'],
};

/** RFC 6749 §3.2: the token endpoint; grants `password` (§4.3), `refresh_token` (§6), `client_credentials` (§4.4). */
export const tokenEndpoint: Endpoint = (app) => {
  app.post(
    '/connect/token',
    {
      schema: {
        tags: ['connect'],
        summary: 'OAuth2 token endpoint (RFC 6749)',
        consumes: ['application/x-www-form-urlencoded'],
        body: formSchema,
        response: { 200: tokenSchema, 400: oauthErrorSchema, 401: oauthErrorSchema, 429: oauthErrorSchema },
      },
      errorHandler: oauthErrorHandler,
      preHandler: async (request, reply) => {
        const verdict = await app.checkTokenRateLimits(request);
        if (!verdict) return;
        reply.header('retry-after', String(verdict.retryAfterSeconds)).header('cache-control', 'no-store');
        return reply.code(429).send({ error: 'too_many_requests', error_description: 'Too many token requests' });
      },
    },
    async (request, reply) => {
      const form = readForm(request);
      if (form instanceof OAuthFailure) return sendOAuth(reply, form);
      const client = clientCredentialsOf(request.headers.authorization, form);
      if (client instanceof OAuthFailure) return sendOAuth(reply, client);
      const { basic, ...credentials } = client;
      const common = { ...credentials, scope: form.scope };
      let result: GrantResult;
      switch (form.grant_type) {
        case 'password':
          result = await app.mediator.send(
            toRequest(PasswordGrantCommand, { ...common, userName: form.username, password: form.password }),
          );
          break;
        case 'refresh_token':
          result = await app.mediator.send(
            toRequest(RefreshTokenGrantCommand, { ...common, refreshToken: form.refresh_token }),
          );
          break;
        case 'client_credentials':
          result = await app.mediator.send(toRequest(ClientCredentialsGrantCommand, common));
          break;
        case undefined:
          result = new OAuthFailure('invalid_request', 'grant_type is required');
          break;
        default:
          result = new OAuthFailure('unsupported_grant_type', 'Supported: password, refresh_token, client_credentials');
      }
      return sendOAuth(reply, result, basic);
    },
  );
};
