import { trace } from '@opentelemetry/api';
import type { FastifyError } from 'fastify';
import { DependencyUnavailableError, type FieldError, PROBLEM_TYPE_BASE, ShopError, ValidationError } from '../errors';

/** RFC 9457 problem details, plus `errors` (RFC 9457 §3 extension) and the request's `traceId`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  traceId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Fastify's own errors a client can cause, with the problem `type` code each maps to. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed-body', title: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed-body', title: 'The request body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload-too-large', title: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported-media-type', title: 'The content type is not supported' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad-request', title: 'The content length is not valid' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'unsupported-media-type', title: 'The content type is not supported' },
};

function traceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}

/** PostgreSQL SQLSTATEs (classes 08 and 57P, and 53300) that mean the database cannot serve now, not a bug. */
const DATABASE_UNAVAILABLE = /^(08|57P0[1-3]$|53300$)/;

/**
 * The database could not be reached or had no connection to spare (the pool's wait ran out): the client can retry
 * later, so it is a 503, not a 500 (DESIGN §2).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message, driverError } = (error ?? {}) as { code?: unknown; message?: unknown; driverError?: unknown };
  if (driverError && driverError !== error) return isDatabaseUnavailable(driverError);
  if (
    typeof code === 'string' &&
    (DATABASE_UNAVAILABLE.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET')
  ) {
    return true;
  }
  return typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated/.test(message);
}

/** Maps any error to problem details. Unknown errors become a bare 500: no message, no stack (DESIGN §2). */
export function toProblem(error: unknown, instance: string): ProblemDetails {
  if (isDatabaseUnavailable(error)) {
    return toProblem(new DependencyUnavailableError('The database is unavailable; try again shortly'), instance);
  }
  const base = { instance, traceId: traceId() };
  if (error instanceof ShopError) {
    return {
      type: error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error instanceof ValidationError ? { errors: error.errors } : {}),
      ...base,
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
    return {
      type: PROBLEM_TYPE_BASE + (known?.code ?? 'bad-request'),
      title: known?.title ?? 'The request could not be processed',
      status,
      detail: fastifyError.message,
      ...base,
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred; quote the traceId when reporting it.',
    ...base,
  };
}

export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    traceId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
  required: ['type', 'title', 'status'],
} as const;

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every field error is listed in `errors`',
  401: 'No token, or an invalid one',
  403: 'Wrong role, or not your resource',
  404: 'Unknown id',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'A business rule refused the request',
  503: 'A dependency is down',
};

/** Response schemas for the given problem statuses, for a route's `schema.response`. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
      },
    ]),
  );
}
