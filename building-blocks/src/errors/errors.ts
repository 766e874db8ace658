/**
 * The error catalog of the building blocks. Every error a client can see is one of these classes; each carries its
 * HTTP status and its RFC 9457 problem `type`. `docs/errors.md` lists the same catalog (a test keeps them in step).
 */
export const PROBLEM_TYPE_BASE = 'https://shop.example/problems/';

export interface FieldError {
  /** Dotted path of the offending field (`items.0.quantity`), as the client sent it. */
  field: string;
  /** JSON pointer to the field in the request body or query (RFC 6901), as RFC 9457 §3 suggests. */
  pointer: string;
  detail: string;
}

export abstract class ShopError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;

  get type(): string {
    return PROBLEM_TYPE_BASE + this.code;
  }
}

export class ValidationError extends ShopError {
  readonly status = 400;
  readonly code = 'validation';
  readonly title = 'The request is not valid';
  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} field(s) failed validation: ${errors.map((e) => e.field).join(', ')}`);
  }
}

export class BadRequestError extends ShopError {
  readonly status = 400;
  readonly code = 'bad-request';
  readonly title = 'The request could not be understood';
}

export class UnauthorizedError extends ShopError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Authentication is required';
}

export class ForbiddenError extends ShopError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Access to this resource is not allowed';
}

export class NotFoundError extends ShopError {
  readonly status = 404;
  readonly code = 'not-found';
  readonly title = 'The resource was not found';
}

export class ConflictError extends ShopError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'The request conflicts with the current state';
}

export class BusinessRuleError extends ShopError {
  readonly status = 422;
  readonly code = 'business-rule';
  readonly title = 'A business rule refused the request';
}

export class DependencyUnavailableError extends ShopError {
  readonly status = 503;
  readonly code = 'dependency-unavailable';
  readonly title = 'A dependency is unavailable';
}

/** Every concrete error class of the catalog, in status order (used by the docs test). */
export const ERROR_CATALOG = [
  ValidationError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  BusinessRuleError,
  DependencyUnavailableError,
] as const;
