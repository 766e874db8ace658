import { BusinessRuleError, ConflictError, NotFoundError } from '@shop/building-blocks/errors';

/** The catalog's errors; each maps to a problem `type` and status through its building-block base class. */
export class ProductNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Product ${id} was not found`);
  }
}

export class ProductHasReservationsError extends ConflictError {
  constructor(id: string, reserved: number) {
    super(`Product ${id} has ${reserved} unit(s) reserved by open orders and cannot be deleted`);
  }
}

/** `GetProducts` names every id it does not know at once, so the caller can report them all (DESIGN §6). */
export class ProductsNotFoundError extends NotFoundError {
  constructor(readonly ids: readonly string[]) {
    super(`No product has the id(s) ${ids.join(', ')}`);
  }
}

export class InsufficientStockError extends BusinessRuleError {
  constructor(id: string, requested: number, available: number) {
    super(`Product ${id} has ${available} unit(s) available, ${requested} requested`);
  }
}
