import { type RunningService, startService } from '@shop/building-blocks/hosting';
import { createLogger } from '@shop/building-blocks/logging';
import { messagingFeature, Outbox } from '@shop/building-blocks/messaging';
import type { DbContext } from '@shop/building-blocks/persistence';
import type { EventDefinition } from '@shop/contracts';

/** Events per writing transaction, as a command that raises a batch of events would. */
export const EVENTS_PER_TRANSACTION = 50;

/**
 * Commits `count` events through the outbox: `writers` concurrent writers take chunks of `EVENTS_PER_TRANSACTION`
 * events, each chunk one `db.transaction` of `outbox.add` calls (the rows and the commit-time `pg_notify`), as
 * concurrent requests of a service do. Resolves when the last transaction has committed.
 */
export async function commitEvents(
  db: DbContext,
  outbox: Outbox,
  event: EventDefinition<{ n: number }>,
  count: number,
  writers: number,
): Promise<void> {
  const chunks = Array.from(
    { length: Math.ceil(count / EVENTS_PER_TRANSACTION) },
    (_, chunk) => chunk * EVENTS_PER_TRANSACTION,
  );
  const writer = async () => {
    for (let start = chunks.shift(); start !== undefined; start = chunks.shift()) {
      const first = start;
      await db.transaction(async () => {
        for (let n = first; n < Math.min(first + EVENTS_PER_TRANSACTION, count); n++) await outbox.add(event, { n });
      });
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
}

/**
 * The floor of the pipeline: a service instance like the pipeline's (same host, same pool, same outbox tables in a
 * database of its own) started without messaging, so no dispatcher reads its outbox and no consumer runs. Its
 * `Outbox` is the class the handlers use, on the instance's own `DbContext`: the writers' transactions are the
 * pipeline's, row for row, and only what happens after their commits is missing.
 */
export async function startWritersOnly(
  name: string,
  databaseUrl: string,
): Promise<{ service: RunningService; outbox: Outbox }> {
  const service = await startService({
    name,
    version: '0.0.0',
    description: 'event pipeline benchmark: the writers alone',
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ service: name, level: 'warn' }),
    features: [messagingFeature],
    database: { url: databaseUrl },
  });
  return { service, outbox: new Outbox(service.db) };
}
