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
