import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../hosting';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '../testing';
import {
  countEffects,
  effectConsumer,
  effectHooks,
  startMessagingTestService,
  TestHappened,
  waitUntil,
  writeEvents,
} from '../testing/messaging-harness';
import { queueName } from './topology';

describe('graceful shutdown mid-run (what SIGTERM runs: service.stop())', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  const start = () =>
    startMessagingTestService({
      databaseUrl: database.url,
      messaging: { url: vhost.url, consumers: [effectConsumer()], prefetch: 10 },
    });

  beforeAll(async () => {
    database = await createTestDatabase('shutdown');
    vhost = await createTestVhost('shutdown');
  });

  afterAll(async () => {
    effectHooks.before = undefined;
    await vhost?.drop();
    await database?.drop();
  });

  it('finishes the messages in flight, leaves the rest queued, and loses nothing on restart', async () => {
    // Given a slow consumer working through 300 events
    let started = 0;
    effectHooks.before = async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const first: RunningService = await start();
    await writeEvents(first, 300);
    await waitUntil('30 effects', async () => (await countEffects(first)).total >= 30);

    // When the service is stopped while messages are being handled
    await first.stop();

    // Then every handler that started also committed, and the rest waits in the queue or the outbox
    const check = await startCheck(vhost.url);
    const afterStop = await check.effects();
    expect(afterStop).toBe(started);
    expect(afterStop).toBeLessThan(300);
    const queued = await check.queued(queueName('test', TestHappened));
    const unsent = await check.unsent();
    expect(afterStop + queued + unsent).toBe(300);
    await check.close();

    // And a restarted instance handles exactly the rest
    effectHooks.before = undefined;
    const second = await start();
    await waitUntil('300 effects', async () => (await countEffects(second)).total >= 300);
    expect(await countEffects(second)).toEqual({ total: 300, distinct: 300 });
    await second.stop();
  });

  /** Reads the broker and the database directly while no service instance runs. */
  async function startCheck(url: string) {
    const connection = await connect(url);
    const channel = await connection.createChannel();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return {
      effects: async () => Number((await client.query('SELECT count(*) AS n FROM test_effects')).rows[0].n),
      queued: async (queue: string) => (await channel.checkQueue(queue)).messageCount,
      unsent: async () =>
        Number((await client.query('SELECT count(*) AS n FROM messaging_outbox WHERE sent_at IS NULL')).rows[0].n),
      close: async () => {
        await connection.close();
        await client.end();
      },
    };
  }
});
