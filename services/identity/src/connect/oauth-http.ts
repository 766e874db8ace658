import { ShopError, ValidationError } from '@shop/building-blocks/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ClientCredentials } from './client-authenticator';
import { OAuthFailure } from './oauth';

export type OAuthForm = Record<string, string>;

/** RFC 6749 §3.2: the body is `application/x-www-form-urlencoded` and no parameter is repeated. */
export function readForm(request: FastifyRequest): OAuthForm | OAuthFailure {
  const contentType = request.headers['content-type'] ?? '';
  const body = request.body;
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType) || typeof body !== 'object' || body === null) {
    return new OAuthFailure('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
  }
  const form: OAuthForm = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return new OAuthFailure('invalid_request', `Parameter ${key} is repeated`);
    if (value !== '') form[key] = value;
  }
  return form;
}

/**
 * RFC 6749 §2.3.1: client_secret_basic (`Authorization: Basic`, id and secret form-url-encoded) or client_id /
 * client_secret in the body; never both methods at once.
 */
export function clientCredentialsOf(
  authorization: string | undefined,
  form: OAuthForm,
): (ClientCredentials & { basic: boolean }) | OAuthFailure {
  const basic = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(authorization ?? '');
  if (!basic?.[1]) {
    if (!form.client_id) return new OAuthFailure('invalid_client', 'Client authentication is required');
    return { clientId: form.client_id, clientSecret: form.client_secret, basic: false };
  }
  if (form.client_secret !== undefined) {
    return new OAuthFailure('invalid_request', 'Use one client authentication method, not two');
  }
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return new OAuthFailure('invalid_client', 'Malformed Basic credentials');
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
    if (form.client_id !== undefined && form.client_id !== clientId) {
      return new OAuthFailure('invalid_request', 'client_id does not match the Basic credentials');
    }
    return { clientId, clientSecret, basic: true };
  } catch {
    return new OAuthFailure('invalid_client', 'Malformed Basic credentials');
  }
}

/** RFC 6749 §5.1/§5.2: JSON, never cached; a 401 `invalid_client` names the scheme the client used. */
export function sendOAuth(reply: FastifyReply, result: object, basic = false) {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (!(result instanceof OAuthFailure)) return reply.code(200).send(result);
  if (result.status === 401) reply.header('www-authenticate', basic ? 'Basic realm="shop"' : 'Bearer realm="shop"');
  return reply.code(result.status).type('application/json').send(result.toJSON());
}

const PARAMETER_NAMES: Record<string, string> = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  userName: 'username',
  password: 'password',
  refreshToken: 'refresh_token',
  scope: 'scope',
  token: 'token',
  tokenTypeHint: 'token_type_hint',
};

/**
 * The OAuth endpoints answer in RFC 6749 §5.2 form, not problem details: clients and libraries parse `error`.
 * Missing or malformed parameters are `invalid_request`; a server-side failure is `temporarily_unavailable`.
 */
export function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ValidationError) {
    const names = [...new Set(error.errors.map((field) => PARAMETER_NAMES[field.field] ?? field.field))];
    return sendOAuth(
      reply,
      new OAuthFailure('invalid_request', `Missing or invalid parameter(s): ${names.join(', ')}`),
    );
  }
  const status = error instanceof ShopError ? error.status : (error.statusCode ?? 500);
  if (status < 500) return sendOAuth(reply, new OAuthFailure('invalid_request', error.message));
  request.log.error({ err: error }, 'token endpoint failed');
  reply.header('cache-control', 'no-store');
  return reply.code(503).send({ error: 'temporarily_unavailable', error_description: 'Try again later' });
}

/** OpenAPI description of an RFC 6749 §5.2 error body. */
export const oauthErrorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  required: ['error'],
} as const;
