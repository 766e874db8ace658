import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  BadRequestError,
  BusinessRuleError,
  ConflictError,
  DependencyUnavailableError,
  ForbiddenError,
  NotFoundError,
  ShopError,
  UnauthorizedError,
  ValidationError,
} from '../errors';

/** An error a gRPC handler throws to answer with a specific status. */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

/** Server side: the error catalog to gRPC status codes; anything unknown is INTERNAL without its message. */
export function toServiceError(error: unknown): Partial<ServiceError> {
  const answer = (code: status, details: string) => ({ code, details, metadata: new Metadata() });
  if (error instanceof GrpcStatusError) return answer(error.code, error.message);
  if (!(error instanceof ShopError)) return answer(status.INTERNAL, 'Internal error');
  if (error instanceof ValidationError || error instanceof BadRequestError) {
    return answer(status.INVALID_ARGUMENT, error.message);
  }
  if (error instanceof UnauthorizedError) return answer(status.UNAUTHENTICATED, error.message);
  if (error instanceof ForbiddenError) return answer(status.PERMISSION_DENIED, error.message);
  if (error instanceof NotFoundError) return answer(status.NOT_FOUND, error.message);
  if (error instanceof ConflictError) return answer(status.ABORTED, error.message);
  if (error instanceof BusinessRuleError) return answer(status.FAILED_PRECONDITION, error.message);
  if (error instanceof DependencyUnavailableError) return answer(status.UNAVAILABLE, error.message);
  return answer(status.INTERNAL, 'Internal error');
}

export interface ErrorMappingOptions {
  /** Name of the called service, for the problem's detail. */
  dependency: string;
  /** What NOT_FOUND means to this caller: 404 by default; order maps an unknown product to 422. */
  notFound?: (details: string) => ShopError;
}

/**
 * Client side: a failed call to the problem the caller's own client sees (RFC 9457 through the error catalog).
 * A dependency that is down, slow or refuses this service's credentials is 503: the end user cannot fix any of it.
 */
export function fromGrpcError(error: Partial<ServiceError>, options: ErrorMappingOptions): ShopError {
  const details = error.details ?? error.message ?? '';
  switch (error.code) {
    case status.NOT_FOUND:
      return options.notFound?.(details) ?? new NotFoundError(details);
    case status.INVALID_ARGUMENT:
      return new BadRequestError(details);
    case status.FAILED_PRECONDITION:
      return new BusinessRuleError(details);
    case status.ABORTED:
    case status.ALREADY_EXISTS:
      return new ConflictError(details);
    case status.UNAUTHENTICATED:
    case status.PERMISSION_DENIED:
      return new DependencyUnavailableError(`${options.dependency} refused this service's credentials`);
    case status.DEADLINE_EXCEEDED:
      return new DependencyUnavailableError(`${options.dependency} did not answer in time`);
    default:
      return new DependencyUnavailableError(`${options.dependency} is unavailable`);
  }
}
