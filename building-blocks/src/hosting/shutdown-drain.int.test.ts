import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging';
import { messagingFeature } from '../messaging';
import { createTestDatabase, createTestVhost, eventually, type TestDatabase, type TestVhost } from '../testing';
import { defineFeature, defineSlice } from './feature';
import { type RunningService, startService } from './service';

/** A request the test holds open: `/slow` answers only once `release()` is called. */
function slowEndpoint() {
  let arrive: () => void = () => undefined;
  let release: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const feature = defineFeature({
    name: 'slow',
    slices: [
      defineSlice({
        name: 'answering-slowly',
        requests: [],
        handlers: [],
        endpoints: [
          (app) =>
            void app.get('/slow', async () => {
              arrive();
              await released;
              return { answered: true };
            }),
        ],
      }),
    ],
  });
  return { feature, arrived, release };
}

/** A fetch that resolves to the status, or to `refused` when no connection is accepted any more. */
async function statusOf(url: string): Promise<number | 'refused'> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'refused';
  }
}

describe('shutdown with a readiness drain (what SIGTERM runs: service.stop({ drainMs }))', () => {
  let database: TestDatabase;
  let vhost: TestVhost;

  beforeAll(async () => {
    database = await createTestDatabase('drain');
    vhost = await createTestVhost('drain');
  });

  afterAll(async () => {
    await vhost?.drop();
    await database?.drop();
  });

  async function start(feature: ReturnType<typeof slowEndpoint>['feature']): Promise<RunningService> {
    return startService({
      name: 'drain-test',
      version: '0.0.0',
      description: 'shutdown drain test service',
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ service: 'drain-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      features: [messagingFeature, feature],
      database: { url: database.url },
      messaging: { url: vhost.url },
    });
  }

  async function readyServiceWithRequestInFlight() {
    const slow = slowEndpoint();
    const service = await start(slow.feature);
    expect(await statusOf(`${service.url}/health/ready`)).toBe(200);
    const inFlight = fetch(`${service.url}/slow`);
    await slow.arrived;
    return { service, slow, inFlight };
  }

  it('answers 503 on /health/ready at once, keeps serving during the drain, and finishes the in-flight request', async () => {
    // Given a ready service with a request in flight
    const { service, slow, inFlight } = await readyServiceWithRequestInFlight();

    // When it is stopped with a drain
    let stopped = false;
    const stopping = service.stop({ drainMs: 3_000 }).then(() => {
      stopped = true;
    });

    // Then readiness fails at once, saying why, while the request is still in flight
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'shutting-down', checks: [] });
    // And a new request during the drain is still served
    const fresh = await fetch(`${service.url}/`);
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toEqual({ name: 'drain-test', version: '0.0.0' });
    expect(await statusOf(`${service.url}/health/live`)).toBe(200);

    // And once the drain is over, new requests are turned away while the in-flight one still holds the stop
    await eventually(
      'the server stops taking new requests',
      () => statusOf(`${service.url}/`),
      (s) => s !== 200,
    );
    expect(stopped).toBe(false);

    // When the in-flight request is allowed to finish
    slow.release();

    // Then it completes with 200, and the stop completes down to the database
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ answered: true });
    await stopping;
    expect(stopped).toBe(true);
    expect(service.dataSource.isInitialized).toBe(false);
  });

  it('without a drain stops taking requests at once and still finishes the in-flight one, as before', async () => {
    // Given a ready service with a request in flight
    const { service, slow, inFlight } = await readyServiceWithRequestInFlight();

    // When it is stopped without a drain
    let stopped = false;
    const stopping = service.stop().then(() => {
      stopped = true;
    });

    // Then readiness and every new request are turned away (503 or refused) while the request is in flight
    await eventually(
      'the server stops taking new requests',
      () => statusOf(`${service.url}/`),
      (s) => s !== 200,
    );
    expect(await statusOf(`${service.url}/health/ready`)).not.toBe(200);
    expect(stopped).toBe(false);

    // When the in-flight request is allowed to finish
    slow.release();

    // Then it completes with 200, and so does the stop
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ answered: true });
    await stopping;
    expect(service.dataSource.isInitialized).toBe(false);
  });
});
