import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { IsString } from 'class-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContainer } from '../container';
import { NotFoundError } from '../errors';
import { createLogger } from '../logging';
import { handles, Mediator, Query, type RequestHandler, TracingBehavior } from '../mediator';
import { startTelemetry } from '../observability';
import { toRequest } from './endpoint';
import { createHttpHost } from './host';

class FindThing extends Query<{ id: string }> {
  @IsString()
  id: string;
}

@handles(FindThing)
class FindThingHandler implements RequestHandler<FindThing> {
  async handle(query: FindThing): Promise<{ id: string }> {
    if (query.id === 'missing') throw new NotFoundError('Thing missing was not found');
    if (query.id === 'broken') throw new Error('the store is broken');
    return { id: query.id };
  }
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

describe('the HTTP host with telemetry on', () => {
  // Given telemetry started as a service starts it, its spans kept in memory
  const exporter = new InMemorySpanExporter();
  const sdk = startTelemetry('host-tracing-test', {
    endpoint: '',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    // And a host listening on a real socket, with one route that sends a query through the mediator
    const mediator = new Mediator(createContainer(), [new TracingBehavior()], [FindThingHandler]);
    ({ app } = await createHttpHost({
      service: 'host-tracing-test',
      version: '0.0.0',
      description: 'tracing test',
      logger: createLogger({ service: 'host-tracing-test', level: 'silent' }),
      mediator,
      endpoints: [
        (instance) =>
          instance.get<{ Params: { id: string } }>('/things/:id', (request) =>
            instance.mediator.send(toRequest(FindThing, {}, request.params)),
          ),
      ],
    }));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  beforeEach(() => exporter.reset());
  afterAll(async () => {
    await app?.close();
    await sdk.shutdown();
  });

  const serverSpans = () => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);

  function onlyServerSpan(): ReadableSpan {
    const spans = serverSpans();
    expect(spans.map((span) => span.name)).toHaveLength(1);
    return spans[0] as ReadableSpan;
  }

  it('continues the caller trace in one SERVER span named after the route, the mediator span inside it', async () => {
    // When a request arrives with a W3C traceparent
    const response = await fetch(`${url}/things/t-1?verbose=1`, {
      headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    });
    expect(response.status).toBe(200);

    // Then its server span is the caller's child, named and described by route, method, path and status
    const server = onlyServerSpan();
    expect(server.spanContext().traceId).toBe(TRACE_ID);
    expect(server.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(server.name).toBe('GET /things/:id');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/things/:id',
      'url.path': '/things/t-1',
      'url.query': 'verbose=1',
      'url.scheme': 'http',
      'http.response.status_code': 200,
    });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);

    // And the mediator's span is its child
    const query = exporter.getFinishedSpans().find((span) => span.name === 'FindThing');
    expect(query?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('starts a new trace for a request without traceparent', async () => {
    // When a request arrives from outside any trace
    await fetch(`${url}/things/t-2`);

    // Then its server span is a root
    expect(onlyServerSpan().parentSpanContext).toBeUndefined();
  });

  it('leaves a refused request (4xx) unmarked and marks a failed one (5xx) as an error', async () => {
    // When one request is refused and one fails
    const refused = await fetch(`${url}/things/missing`);
    const refusedSpan = onlyServerSpan();
    exporter.reset();
    const failed = await fetch(`${url}/things/broken`);
    const failedSpan = onlyServerSpan();

    // Then only the failure is an error span, and both carry their status
    expect([refused.status, failed.status]).toEqual([404, 500]);
    expect(refusedSpan.attributes['http.response.status_code']).toBe(404);
    expect(refusedSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(failedSpan.attributes['http.response.status_code']).toBe(500);
    expect(failedSpan.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('traces a request for no route as one SERVER span named after its method, its status unset', async () => {
    // When a request matches no route
    const response = await fetch(`${url}/nowhere`);

    // Then it has one span, the server's, with the 404
    expect(response.status).toBe(404);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['GET']);
    const server = onlyServerSpan();
    expect(server.attributes['http.response.status_code']).toBe(404);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes no span for the probes', async () => {
    // When the orchestrator and Prometheus call the probes
    for (const path of ['/health/live', '/health/ready', '/metrics', '/metrics?name[]=up']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    }

    // Then nothing was traced
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([]);
  });
});
