import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../auth';
import { DependencyUnavailableError, NotFoundError } from '../errors';
import { createLogger } from '../logging';
import { startTelemetry } from '../observability';
import { startTestTokenIssuer, type TestTokenIssuer } from '../testing';
import { GrpcClient } from './client';
import { IDENTITY_SERVICE, loadService } from './protos';
import { GrpcServer } from './server';
import { ClientCredentialsTokenProvider, type ServiceTokenProvider } from './service-token';

const Identity = loadService(IDENTITY_SERVICE.proto, IDENTITY_SERVICE.name);
const SCOPE = 'identity.users.read';

describe('GrpcServer and GrpcClient', () => {
  const exporter = new InMemorySpanExporter();
  const sdk = startTelemetry('grpc-test', { endpoint: '', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  let issuer: TestTokenIssuer;
  let server: GrpcServer;
  let address: string;

  beforeAll(async () => {
    issuer = await startTestTokenIssuer();
    const verifier = createTokenVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: issuer.audience });
    server = new GrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ service: 'grpc-test', level: 'silent' }),
      verifier,
    });
    server.addService(
      IDENTITY_SERVICE.name,
      Identity.service,
      {
        GetUser: async (request: { id: string }, call) => {
          if (request.id === 'missing') throw new NotFoundError('User missing was not found');
          if (request.id === 'crash') throw new Error('database password is hunter2');
          if (request.id === 'slow') await new Promise((resolve) => setTimeout(resolve, 500));
          return { id: request.id, userName: call.principal.subject, role: 'customer' };
        },
      },
      SCOPE,
    );
    await server.start();
    address = `127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.stop();
    await issuer.stop();
    await sdk.shutdown();
  });

  const serviceToken = (scope = SCOPE) => issuer.sign({ sub: 'order-service', client_id: 'order-service', scope });
  const provider = (token: () => Promise<string>): ServiceTokenProvider & { calls: number } => {
    const counted = {
      calls: 0,
      token: () => {
        counted.calls += 1;
        return token();
      },
      invalidate: () => undefined,
    };
    return counted;
  };
  const client = (tokens: ServiceTokenProvider, deadlineMs?: number) =>
    new GrpcClient(Identity, { address, dependency: 'identity', tokens, deadlineMs });

  it('authenticates the caller and continues its trace on the server', async () => {
    const identity = client(provider(() => serviceToken()));
    const reply = await identity.call<{ id: string }, { userName: string }>('GetUser', { id: 'u1' });
    identity.close();
    expect(reply.userName).toBe('order-service');
    const spans = exporter.getFinishedSpans();
    const clientSpan = spans.find((span) => span.kind === SpanKind.CLIENT && span.name === 'identity/GetUser');
    const serverSpan = spans.find((span) => span.kind === SpanKind.SERVER && span.name.endsWith('/GetUser'));
    expect(serverSpan?.spanContext().traceId).toBe(clientSpan?.spanContext().traceId);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
  });

  it('maps NOT_FOUND to 404 and hides an internal error behind 503', async () => {
    const identity = client(provider(() => serviceToken()));
    await expect(identity.call('GetUser', { id: 'missing' })).rejects.toBeInstanceOf(NotFoundError);
    const crash = await identity.call('GetUser', { id: 'crash' }).catch((error: unknown) => error);
    identity.close();
    expect(crash).toBeInstanceOf(DependencyUnavailableError);
    expect(String((crash as Error).message)).not.toContain('hunter2');
  });

  it('refuses a token without the scope (PERMISSION_DENIED -> 503 for the caller)', async () => {
    const identity = client(provider(() => serviceToken('shop.api')));
    await expect(identity.call('GetUser', { id: 'u1' })).rejects.toMatchObject({ status: 503 });
    identity.close();
  });

  it('fetches a fresh token once when the cached one is refused (UNAUTHENTICATED)', async () => {
    let first = true;
    const tokens = provider(async () => {
      if (!first) return serviceToken();
      first = false;
      return issuer.sign({ sub: 'order-service', scope: SCOPE }, { expiresIn: -60 });
    });
    const identity = client(tokens);
    await expect(identity.call('GetUser', { id: 'u2' })).resolves.toMatchObject({ id: 'u2' });
    identity.close();
    expect(tokens.calls).toBe(2);
  });

  it('gives up at the deadline with 503', async () => {
    const identity = client(
      provider(() => serviceToken()),
      100,
    );
    const error = await identity.call('GetUser', { id: 'slow' }).catch((caught: unknown) => caught);
    identity.close();
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toContain('in time');
  });
});

describe('ClientCredentialsTokenProvider', () => {
  it('fetches once for concurrent callers and reuses the token until near expiry', async () => {
    let requests = 0;
    let authorization = '';
    const tokenServer = createServer((request, response) => {
      requests += 1;
      authorization = String(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ access_token: `token-${requests}`, token_type: 'Bearer', expires_in: 300 }));
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    const port = (tokenServer.address() as AddressInfo).port;
    const tokens = new ClientCredentialsTokenProvider({
      tokenUrl: `http://127.0.0.1:${port}/connect/token`,
      clientId: 'order-service',
      clientSecret: 's3cret:with colon',
    });
    const results = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(await tokens.token()).toBe('token-1');
    tokens.invalidate();
    expect(await tokens.token()).toBe('token-2');
    tokenServer.close();
    expect(results).toEqual(['token-1', 'token-1', 'token-1']);
    expect(requests).toBe(2);
    const decoded = Buffer.from(authorization.replace('Basic ', ''), 'base64').toString();
    expect(decoded).toBe('order-service:s3cret%3Awith+colon');
  });

  it('answers 503 when identity cannot be reached', async () => {
    const tokens = new ClientCredentialsTokenProvider({
      tokenUrl: 'http://127.0.0.1:1/connect/token',
      clientId: 'x',
      clientSecret: 'y',
    });
    await expect(tokens.token()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
