import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/**
 * The part of opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1) a test reads, with the
 * field numbers of the specification; protobufjs skips every field left out here.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
  }
}
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
}
message ScopeSpans { repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse {}
`;

const otlp = protobuf.parse(OTLP_TRACE_PROTO).root;
const ExportTraceServiceRequest = otlp.lookupType('otlp.ExportTraceServiceRequest');
const ExportTraceServiceResponse = otlp.lookupType('otlp.ExportTraceServiceResponse');

export type AttributeValue = string | number | boolean;

/** One span as a service exported it, with the `service.name` of its resource. */
export interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** A collector stand-in that services export to with `OTEL_EXPORTER_OTLP_ENDPOINT=<url>`. */
export interface OtlpReceiver {
  readonly url: string;
  /** Every span received so far, in arrival order. */
  spans(): readonly ReceivedSpan[];
  close(): Promise<void>;
}

/** The decoded request, as protobufjs' `toObject` and OTLP/JSON both shape it (camelCase, int64 as strings). */
interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { spans?: WireSpan[] }[];
  }[];
}
interface KeyValue {
  key: string;
  value?: { stringValue?: string; boolValue?: boolean; intValue?: string | number; doubleValue?: number };
}
interface WireSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
}

/**
 * Starts an OTLP/HTTP receiver on a free port of 127.0.0.1: `POST /v1/traces` with an ExportTraceServiceRequest in
 * protobuf (what `@opentelemetry/exporter-trace-otlp-proto` sends) or JSON, optionally gzipped; keeps the spans in
 * memory and answers 200 with an empty ExportTraceServiceResponse.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    void receive(request, response, received).catch((error: Error) => {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(error.message);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function receive(request: IncomingMessage, response: ServerResponse, received: ReceivedSpan[]): Promise<void> {
  if (request.method !== 'POST' || request.url !== '/v1/traces') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let body = Buffer.concat(chunks);
  if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
  const json = request.headers['content-type']?.startsWith('application/json') ?? false;
  if (json) {
    // OTLP/JSON writes trace and span ids as hex strings (OTLP specification, "JSON Protobuf Encoding").
    received.push(...spansOf(JSON.parse(body.toString('utf8')) as ExportRequest, (id) => id));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  const message = ExportTraceServiceRequest.decode(body);
  const decoded = ExportTraceServiceRequest.toObject(message, { longs: String, bytes: String }) as ExportRequest;
  received.push(...spansOf(decoded, (base64) => Buffer.from(base64, 'base64').toString('hex')));
  const empty = ExportTraceServiceResponse.encode(ExportTraceServiceResponse.create()).finish();
  response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(empty));
}

function spansOf(request: ExportRequest, hex: (id: string) => string): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    const service = String(resource['service.name'] ?? 'unknown');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: hex(span.traceId ?? ''),
        spanId: hex(span.spanId ?? ''),
        parentSpanId: span.parentSpanId ? hex(span.parentSpanId) : undefined,
        name: span.name ?? '',
        kind: span.kind ?? 0,
        startNanos: BigInt(span.startTimeUnixNano ?? 0),
        endNanos: BigInt(span.endTimeUnixNano ?? 0),
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

function attributesOf(keyValues: readonly KeyValue[] = []): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const { key, value } of keyValues) {
    const scalar = value?.intValue !== undefined ? Number(value.intValue) : (value?.stringValue ?? value?.boolValue);
    const known = scalar ?? value?.doubleValue;
    if (known !== undefined) attributes[key] = known;
  }
  return attributes;
}
