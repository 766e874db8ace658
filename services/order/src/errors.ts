import { BusinessRuleError, ConflictError, NotFoundError } from '@shop/building-blocks/errors';

/** The order service's errors; each maps to a problem `type` and status through its building-block base class. */
export class OrderNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Order ${id} was not found`);
  }
}

export class OrderStateConflictError extends ConflictError {
  constructor(id: string, from: string, to: string) {
    super(`Order ${id} is ${from} and cannot become ${to}`);
  }
}

export class UnknownProductsError extends BusinessRuleError {
  /** `details`: catalog's NOT_FOUND message, which names every unknown id. */
  constructor(details: string) {
    super(details);
  }
}

export class IdempotencyKeyReusedError extends BusinessRuleError {
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}
