import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { BusinessRuleError, NotFoundError } from '@shop/building-blocks/errors';
import {
  ClientCredentialsTokenProvider,
  GrpcClient,
  IDENTITY_SERVICE,
  loadService,
  type ServiceTokenProvider,
} from '@shop/building-blocks/grpc';
import type { HealthCheckResponse } from 'grpc-health-check/build/src/generated/grpc/health/v1/HealthCheckResponse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest, TEST_SERVICE_SECRET } from '../../../test/identity-test-host';
import type { GetUserReply } from './get-user.grpc';

const Identity = loadService(IDENTITY_SERVICE.proto, IDENTITY_SERVICE.name);

describe('IdentityService/GetUser over gRPC', () => {
  let host: IdentityTestHost;
  let address: string;
  let tokens: ClientCredentialsTokenProvider;
  beforeAll(async () => {
    host = await startIdentityForTest();
    address = `127.0.0.1:${host.service.grpc.port}`;
    tokens = new ClientCredentialsTokenProvider({
      tokenUrl: `${host.service.url}/connect/token`,
      clientId: 'order-service',
      clientSecret: TEST_SERVICE_SECRET,
    });
  });
  afterAll(() => host.stop());

  const clientWith = (provider: ServiceTokenProvider) =>
    new GrpcClient(Identity, { address, dependency: 'identity', tokens: provider });
  const fixed = (token: string): ServiceTokenProvider => ({ token: async () => token, invalidate: () => undefined });

  it('returns the user to a service holding identity.users.read', async () => {
    const customer = await host.customer('ringo');
    const client = clientWith(tokens);
    const user = await client.call<{ id: string }, GetUserReply>('GetUser', { id: customer.id });
    client.close();
    expect(user).toEqual({
      id: customer.id,
      userName: 'ringo',
      email: 'ringo@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'customer',
    });
  });

  it('refuses a call without a token with UNAUTHENTICATED', async () => {
    const raw = new Identity(address, credentials.createInsecure());
    const error = await new Promise<ServiceError>((resolve) =>
      (raw as unknown as Record<string, (r: object, m: Metadata, cb: (e: ServiceError) => void) => void>).GetUser.call(
        raw,
        { id: '00000000-0000-0000-0000-000000000000' },
        new Metadata(),
        resolve,
      ),
    );
    raw.close();
    expect(error.code).toBe(status.UNAUTHENTICATED);
  });

  it('refuses a customer token (no service scope) and maps it to 503 for the caller', async () => {
    const customer = await host.customer();
    const client = clientWith(fixed(customer.accessToken));
    await expect(client.call('GetUser', { id: customer.id })).rejects.toMatchObject({ status: 503 });
    client.close();
  });

  it('maps NOT_FOUND to 404, or to what the caller says it means', async () => {
    const client = clientWith(tokens);
    const id = '0190d7c4-0000-7000-8000-000000000000';
    await expect(client.call('GetUser', { id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      client.call('GetUser', { id }, { notFound: (details) => new BusinessRuleError(details) }),
    ).rejects.toBeInstanceOf(BusinessRuleError);
    client.close();
  });

  it('answers 503 when the server is unreachable, within the deadline', async () => {
    const client = new GrpcClient(Identity, {
      address: '127.0.0.1:1',
      dependency: 'identity',
      tokens,
      deadlineMs: 500,
    });
    await expect(client.call('GetUser', { id: 'x' })).rejects.toMatchObject({ status: 503 });
    client.close();
  });

  it('serves the standard health service', async () => {
    const { service } = await import('grpc-health-check');
    const { makeGenericClientConstructor } = await import('@grpc/grpc-js');
    const Health = makeGenericClientConstructor(service, 'Health');
    const health = new Health(address, credentials.createInsecure());
    const reply = await new Promise<HealthCheckResponse>((resolve, reject) =>
      (
        health as unknown as Record<string, (r: object, cb: (e: Error | null, r: HealthCheckResponse) => void) => void>
      ).check.call(health, { service: IDENTITY_SERVICE.name }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
    health.close();
    expect(reply.status).toBe('SERVING');
  });
});
