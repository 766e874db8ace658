import { status } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BadRequestError, DependencyUnavailableError, NotFoundError } from '../errors';
import { startTestIdentityGrpc, type TestIdentityGrpc } from '../testing';
import type { GrpcClientOptions } from './client';
import { GrpcStatusError } from './status';

/**
 * The server reads its behaviour from the requested id, `<kind>:<failures>:<test>`: `flaky` answers UNAVAILABLE to
 * its first `failures` calls, `missing` is NOT_FOUND, `invalid` INVALID_ARGUMENT. It counts the calls it receives per
 * id, so each test sees exactly what reached the server.
 */
const received = new Map<string, number>();
async function getUser(request: { id: string }) {
  const seen = (received.get(request.id) ?? 0) + 1;
  received.set(request.id, seen);
  const [kind, failures] = request.id.split(':');
  if (kind === 'flaky' && seen <= Number(failures)) throw new GrpcStatusError(status.UNAVAILABLE, 'warming up');
  if (kind === 'missing') throw new NotFoundError(`User ${request.id} was not found`);
  if (kind === 'invalid') throw new BadRequestError('id is not a UUID');
  return { id: request.id, userName: 'ringo', role: 'customer' };
}

describe('GrpcClient: circuit breaker per downstream, and its metrics', () => {
  let grpc: TestIdentityGrpc;
  beforeAll(async () => {
    grpc = await startTestIdentityGrpc(getUser);
  });
  afterAll(async () => {
    await grpc.stop();
  });

  const client = (options: Partial<GrpcClientOptions> = {}) => grpc.client(options);
  const failureOf = (call: Promise<unknown>) =>
    call.then(
      () => new Error('the call succeeded'),
      (error: unknown) => error,
    );
  const sample = async (registry: Registry, name: string, labels: Record<string, string> = {}) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    const wanted = Object.entries({ dependency: 'identity', ...labels });
    return values.find((entry) => wanted.every(([key, value]) => entry.labels[key] === value))?.value;
  };
  const circuitGauge = (registry: Registry) => sample(registry, 'grpc_client_circuit_state');
  const calls = (registry: Registry, outcome: string) =>
    sample(registry, 'grpc_client_calls_total', { method: 'GetUser', outcome });

  it('opens after the threshold, then rejects at once without reaching the server, and counts it', async () => {
    const registry = new Registry();
    const identity = client({ metrics: registry, breaker: { volumeThreshold: 2, resetTimeoutMs: 60_000 } });
    const failures: unknown[] = [];
    for (const _ of [1, 2]) failures.push(await failureOf(identity.call('GetUser', { id: 'flaky:99:open' })));
    const rejected = await failureOf(identity.call('GetUser', { id: 'flaky:99:open' }));
    const otherRequest = await failureOf(identity.call('GetUser', { id: 'ok:0:open' }));
    const state = identity.circuitState;
    identity.close();
    expect(failures.map((error) => (error as Error).message)).toEqual(Array(2).fill('identity is unavailable'));
    for (const error of [rejected, otherRequest]) {
      expect(error).toBeInstanceOf(DependencyUnavailableError);
      expect((error as Error).message).toContain('circuit open');
    }
    expect(received.get('flaky:99:open')).toBe(2);
    expect(received.has('ok:0:open')).toBe(false);
    expect(state).toBe('open');
    expect(await circuitGauge(registry)).toBe(2);
    const counted = [
      await calls(registry, 'error'),
      await calls(registry, 'rejected_open'),
      await calls(registry, 'ok'),
    ];
    expect(counted).toEqual([2, 2, undefined]);
  });

  it('reports what the dependency answered when a retry finds the circuit opened by the call itself', async () => {
    const registry = new Registry();
    const identity = client({ metrics: registry, breaker: { volumeThreshold: 1 } });
    const error = await failureOf(identity.call('GetUser', { id: 'flaky:9:self' }, { idempotent: true }));
    const state = identity.circuitState;
    identity.close();
    expect((error as Error).message).toBe('identity is unavailable');
    expect(received.get('flaky:9:self')).toBe(1);
    expect(state).toBe('open');
    expect(await calls(registry, 'error')).toBe(1);
  });

  it('opens while the server is down, half-opens after resetTimeout and closes once the server is back', async () => {
    const registry = new Registry();
    const identity = client({ metrics: registry, breaker: { volumeThreshold: 3, resetTimeoutMs: 200 } });
    const gauge = () => circuitGauge(registry);
    await identity.call('GetUser', { id: 'ok:0:down' });
    expect(await gauge()).toBe(0);
    await grpc.stopServer();

    const whileDown: unknown[] = [];
    for (let call = 0; call < 3; call += 1) whileDown.push(await failureOf(identity.call('GetUser', { id: 'x' })));
    expect(whileDown.map((error) => (error as Error).message)).toEqual([
      'identity is unavailable',
      'identity is unavailable',
      'identity is unavailable (circuit open: calls are not sent)',
    ]);
    expect(await gauge()).toBe(2);

    await grpc.startServer();
    // Each trial first waits for the half-open state the breaker reaches by itself; a trial may still fail while
    // the channel reconnects, which reopens the circuit until the next half-open.
    await vi.waitFor(
      async () => {
        await vi.waitFor(async () => expect(await gauge()).toBe(1), { timeout: 2_000, interval: 20 });
        await identity.call('GetUser', { id: 'ok:0:back' });
      },
      { timeout: 15_000, interval: 20 },
    );
    const state = identity.circuitState;
    identity.close();
    expect(state).toBe('closed');
    expect(await gauge()).toBe(0);
  }, 30_000);

  it('never opens on answers of a healthy dependency (NOT_FOUND, INVALID_ARGUMENT)', async () => {
    const registry = new Registry();
    const identity = client({ metrics: registry, breaker: { volumeThreshold: 2, errorThresholdPercentage: 1 } });
    const answers: unknown[] = [];
    for (let call = 0; call < 5; call += 1) {
      answers.push(await failureOf(identity.call('GetUser', { id: 'missing:0:healthy' })));
      answers.push(await failureOf(identity.call('GetUser', { id: 'invalid:0:healthy' })));
    }
    const after = await identity.call('GetUser', { id: 'ok:0:healthy' });
    const state = identity.circuitState;
    identity.close();
    expect(answers.filter((error) => error instanceof NotFoundError)).toHaveLength(5);
    expect(answers.filter((error) => error instanceof BadRequestError)).toHaveLength(5);
    expect(after).toMatchObject({ id: 'ok:0:healthy' });
    expect(state).toBe('closed');
    expect(await circuitGauge(registry)).toBe(0);
  });
});
