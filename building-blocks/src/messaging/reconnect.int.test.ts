import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  startMessagingTestService,
  waitUntil,
  writeEvents,
} from '../testing/messaging-harness';

const run = promisify(execFile);

/**
 * How the broker goes away. The default (CI) force-closes every connection of the test's vhost through the
 * management API, which other tests running at the same time do not notice. `MESSAGING_TEST_BROKER_RESTART=stop_app`
 * restarts the whole local broker with `rabbitmqctl stop_app` / `start_app` instead (needs the rights to do so).
 */
async function interruptBroker(vhost: TestVhost): Promise<void> {
  if (process.env.MESSAGING_TEST_BROKER_RESTART === 'stop_app') {
    await run('rabbitmqctl', ['stop_app']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await run('rabbitmqctl', ['start_app']);
    return;
  }
  const before = new Set((await vhost.connections()).map((connection) => connection.name));
  const closed = await vhost.closeConnections();
  // Both the dispatcher's and the consumers' connections must have been cut, or the test proves nothing.
  expect(closed).toBeGreaterThanOrEqual(2);
  // ... and both came back as new connections (new client ports, so new names).
  await waitUntil('two new connections', async () => {
    const now = (await vhost.connections()).map((connection) => connection.name);
    return now.filter((name) => !before.has(name)).length >= 2;
  });
}

describe('broker restart during a 10,000-event run', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;

  beforeAll(async () => {
    database = await createTestDatabase('reconnect');
    vhost = await createTestVhost('reconnect');
    service = await startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()], outbox: { pollIntervalMs: 500 } },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await vhost?.drop();
    await database?.drop();
  });

  it('loses nothing and duplicates no effect across two broker interruptions', async () => {
    // Given 10,000 events being written through the outbox
    const writing = writeEvents(service, 10_000, { perTransaction: 50 });

    // When the broker connections are cut twice while they flow
    await waitUntil('2,000 effects', async () => (await countEffects(service)).total >= 2_000);
    await waitUntil('both connections listed', async () => (await vhost.connections()).length >= 2);
    await interruptBroker(vhost);
    await waitUntil('6,000 effects', async () => (await countEffects(service)).total >= 6_000, 90_000);
    await waitUntil('both connections listed again', async () => (await vhost.connections()).length >= 2);
    await interruptBroker(vhost);
    await writing;

    // Then every event has exactly one effect, and the outbox is empty
    await waitUntil('10,000 effects', async () => (await countEffects(service)).total >= 10_000, 90_000);
    await waitUntil('outbox drained', async () => {
      const [row] = await service.dataSource.query(
        'SELECT count(*)::int AS n FROM messaging_outbox WHERE sent_at IS NULL',
      );
      return row.n === 0;
    });
    expect(await countEffects(service)).toEqual({ total: 10_000, distinct: 10_000 });
    await waitUntil('ready again', async () => (await service.app.inject('/health/ready')).statusCode === 200);
  }, 180_000);
});
