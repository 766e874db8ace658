/**
 * Polls `probe` until `done` accepts its value (by default: until it returns `true`), and resolves to that value;
 * fails naming `description` and the last value after `timeoutMs`. Tests wait with it, never with a fixed sleep.
 */
export async function eventually<T>(
  description: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean = (value) => value === true,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${description}; last: ${JSON.stringify(value)?.slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Query = (sql: string, params: unknown[]) => Promise<{ n: number }[]>;

/**
 * Waits until a service has handled these messages: the inbox row commits in the same transaction as the message's
 * effects, so once it is there, so are they (or their absence).
 */
export async function messagesHandled(query: Query, messageIds: readonly string[]): Promise<void> {
  await eventually(`${messageIds.length} message(s) are handled`, async () => {
    const [row] = await query('SELECT count(*)::int AS n FROM messaging_inbox WHERE message_id = ANY($1)', [
      messageIds,
    ]);
    return row?.n === messageIds.length;
  });
}
