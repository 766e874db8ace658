/**
 * One field of a message payload that has not been validated yet (JSON off the broker may be any shape). Commands
 * are built from whatever is there, and a malformed one fails validation, which sends the message to its
 * dead-letter queue at once, instead of throwing a TypeError that would be retried in vain.
 */
export function payloadField(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
}
