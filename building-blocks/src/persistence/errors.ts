/**
 * A transaction can no longer be used: a savepoint could not be rolled back (the connection broke, say). Its work must
 * be abandoned: the transaction rolls back, and whatever it held is tried again.
 */
export class TransactionUnusableError extends Error {
  override readonly name = 'TransactionUnusableError';
}
