import { ConflictError, NotFoundError } from '@shop/building-blocks/errors';

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
