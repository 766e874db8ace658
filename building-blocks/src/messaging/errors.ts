/** A message that can never be handled (unreadable body, no messageId): it goes to the DLQ without retries. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

/** `outbox.add()` outside a command: the event would not commit with the state change it announces. */
export class OutboxOutsideTransactionError extends Error {
  override readonly name = 'OutboxOutsideTransactionError';
}

/** The broker is not connected right now; the caller's work stays where it is (outbox row, queued message). */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

/**
 * The broker did not confirm an outbox batch in time (it blocks publishers during a memory or disk alarm, or the
 * connection went silent): the batch's transaction rolls back, so its rows stay unsent and no lock is held meanwhile.
 */
export class ConfirmTimeoutError extends Error {
  override readonly name = 'ConfirmTimeoutError';
}
