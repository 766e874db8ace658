import { ConflictError, NotFoundError } from '@shop/building-blocks/errors';

/** The identity service's errors; each maps to a problem `type` and status through its building-block base. */
export class UserNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`User ${id} was not found`);
  }
}

export class DuplicateUserError extends ConflictError {
  constructor(field: 'userName' | 'email') {
    super(`A user with this ${field} already exists`);
  }
}
