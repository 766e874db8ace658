import { ShopError, ValidationError } from '@shop/building-blocks/errors';
import type { Constructor } from '@shop/building-blocks/mediator';
import { getMetadataStorage, validateSync } from 'class-validator';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ClientCredentials } from './client-authenticator';
import { OAuthFailure } from './oauth';

export type OAuthForm = Record<string, string>;

/** What the token and revocation endpoints read from a request before acting on it. */
export interface ClientRequest<TForm> {
  /** The recognised parameters, each checked by the form's rules. */
  form: TForm;
  credentials: ClientCredentials;
}

/**
 * Reads a client's form-encoded request (RFC 6749 §3.2) and its credentials, from Basic or the body (§2.3.1), and
 * checks every parameter `formType` declares against its rules, the Basic credentials included. Unrecognised
 * parameters are ignored (§3.2). Whatever is wrong comes back as the RFC 6749 §5.2 answer to send.
 */
export function readClientRequest<TForm extends object>(
  request: FastifyRequest,
  formType: Constructor<TForm>,
): ClientRequest<TForm> | OAuthFailure {
  const fields = readForm(request);
  if (fields instanceof OAuthFailure) return fields;
  const credentials = clientCredentialsOf(request.headers.authorization, fields);
  if (credentials instanceof OAuthFailure) return credentials;
  const sent: Record<string, string | undefined> = {
    ...fields,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  };
  // Only declared names are copied: a parameter named `constructor` must not hide the form's class from validation.
  const form = new formType();
  for (const name of parameterNames(formType)) {
    if (sent[name] !== undefined) Object.assign(form, { [name]: sent[name] });
  }
  const invalid = validateSync(form, { validationError: { target: false, value: false } });
  if (invalid.length > 0) return invalidParameters(invalid.map((error) => error.property));
  return { form, credentials };
}

function parameterNames(formType: Constructor<unknown>): Set<string> {
  const rules = getMetadataStorage().getTargetValidationMetadatas(formType, '', true, false);
  return new Set(rules.map((rule) => rule.propertyName));
}

function invalidParameters(names: readonly string[]): OAuthFailure {
  return new OAuthFailure('invalid_request', `Missing or invalid parameter(s): ${[...new Set(names)].join(', ')}`);
}

/** RFC 6749 §3.2: the body is `application/x-www-form-urlencoded` and no parameter is repeated. */
function readForm(request: FastifyRequest): OAuthForm | OAuthFailure {
  const contentType = request.headers['content-type'] ?? '';
  const body = request.body;
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType) || typeof body !== 'object' || body === null) {
    return new OAuthFailure('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
  }
  const form: OAuthForm = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string') return new OAuthFailure('invalid_request', `Parameter ${key} is repeated`);
    // RFC 6749 §3.1: a parameter sent without a value is treated as omitted.
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
): ClientCredentials | OAuthFailure {
  const basic = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(authorization ?? '');
  if (!basic?.[1]) {
    if (!form.client_id) return new OAuthFailure('invalid_client', 'Client authentication is required');
    return { clientId: form.client_id, clientSecret: form.client_secret };
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
    return { clientId, clientSecret };
  } catch {
    return new OAuthFailure('invalid_client', 'Malformed Basic credentials');
  }
}

/**
 * RFC 6749 §5.1/§5.2: JSON, never cached. A 401 `invalid_client` challenges with the scheme the client tried: Basic
 * when it sent `Authorization: Basic`, even one too garbled to read.
 */
export function sendOAuth(reply: FastifyReply, result: object) {
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (!(result instanceof OAuthFailure)) return reply.code(200).send(result);
  if (result.status === 401) {
    const basic = /^Basic\b/i.test(reply.request.headers.authorization ?? '');
    reply.header('www-authenticate', basic ? 'Basic realm="shop"' : 'Bearer realm="shop"');
  }
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
    return sendOAuth(
      reply,
      invalidParameters(error.errors.map((field) => PARAMETER_NAMES[field.field] ?? field.field)),
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
