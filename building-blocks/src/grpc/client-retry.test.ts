import { status } from '@grpc/grpc-js';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../errors';
import { startTelemetry } from '../observability';
import { startTestIdentityGrpc, type TestIdentityGrpc } from '../testing';
import type { GrpcClientOptions } from './client';
import { GrpcStatusError } from './status';

/**
 * The server reads its behaviour from the requested id, `<kind>:<failures>:<test>`: `flaky` answers UNAVAILABLE to
 * its first `failures` calls, `late` answers DEADLINE_EXCEEDED. It counts the calls it receives per id, so each test
 * sees exactly what reached the server.
 */
const received = new Map<string, number>();
async function getUser(request: { id: string }) {
  const seen = (received.get(request.id) ?? 0) + 1;
  received.set(request.id, seen);
  const [kind, failures] = request.id.split(':');
  if (kind === 'flaky' && seen <= Number(failures)) throw new GrpcStatusError(status.UNAVAILABLE, 'warming up');
  if (kind === 'late') throw new GrpcStatusError(status.DEADLINE_EXCEEDED, 'its own downstream timed out');
  return { id: request.id, userName: 'ringo', role: 'customer' };
}

describe('GrpcClient: retry of idempotent reads', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = startTelemetry('grpc-retry-test', {
    endpoint: '',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });

  let grpc: TestIdentityGrpc;
  beforeAll(async () => {
    grpc = await startTestIdentityGrpc(getUser);
  });
  afterAll(async () => {
    await grpc.stop();
    await sdk.shutdown();
  });

  const client = (options: Partial<GrpcClientOptions> = {}) => grpc.client(options);
  const failureOf = (call: Promise<unknown>) =>
    call.then(
      () => new Error('the call succeeded'),
      (error: unknown) => error,
    );
  beforeEach(() => exporter.reset());
  const retryEvents = () =>
    exporter
      .getFinishedSpans()
      .filter((span) => span.name === 'identity/GetUser')
      .flatMap((span) => span.events.filter((event) => event.name === 'retry'));

  it('retries UNAVAILABLE and succeeds on the third attempt, in one client span', async () => {
    const identity = client();
    const reply = await identity.call('GetUser', { id: 'flaky:2:retried' }, { idempotent: true });
    identity.close();
    expect(reply).toMatchObject({ id: 'flaky:2:retried' });
    expect(received.get('flaky:2:retried')).toBe(3);
    const clientSpans = exporter.getFinishedSpans().filter((span) => span.name === 'identity/GetUser');
    expect(clientSpans).toHaveLength(1);
    expect(retryEvents().map((event) => event.attributes?.['retry.number'])).toEqual([1, 2]);
  });

  it('never retries a call that is not marked idempotent', async () => {
    const identity = client();
    const error = await failureOf(identity.call('GetUser', { id: 'flaky:1:once' }));
    identity.close();
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(received.get('flaky:1:once')).toBe(1);
    expect(retryEvents()).toEqual([]);
  });

  it('gives up after the configured number of retries with 503', async () => {
    const identity = client({ retry: { retries: 2, baseDelayMs: 1 } });
    const error = await failureOf(identity.call('GetUser', { id: 'flaky:9:exhausted' }, { idempotent: true }));
    identity.close();
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(received.get('flaky:9:exhausted')).toBe(3);
  });

  it('starts no retry that would begin after the deadline', async () => {
    // Equal jitter keeps every pause above half its ceiling: 5 s at least, far beyond the 300 ms budget.
    const identity = client({ deadlineMs: 300, retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } });
    const error = await failureOf(identity.call('GetUser', { id: 'flaky:1:budget' }, { idempotent: true }));
    identity.close();
    expect((error as Error).message).toBe('identity is unavailable');
    expect(received.get('flaky:1:budget')).toBe(1);
    expect(retryEvents()).toEqual([]);
  });

  it('does not retry DEADLINE_EXCEEDED, even when the server answers it early', async () => {
    const identity = client();
    const error = await failureOf(identity.call('GetUser', { id: 'late:0:deadline' }, { idempotent: true }));
    identity.close();
    expect((error as Error).message).toBe('identity did not answer in time');
    expect(received.get('late:0:deadline')).toBe(1);
    expect(retryEvents()).toEqual([]);
  });
});
