import { createServer } from 'node:http';

// A local OTLP/HTTP trace endpoint, run as its own process (PORT): accepts every export (`POST /v1/traces`,
// protobuf), drops it with a 200 (an empty `ExportTraceServiceResponse`: everything accepted) and counts exports,
// spans and bytes, served at `GET /stats`; `GET /ready` answers once it listens. The services export their spans
// as in production without a collector on the machine.
const port = Number(process.env.PORT);
const stats = { exports: 0, spans: 0, bytes: 0 };

/** Reads a base-128 varint at `offset`; returns the value and the offset after it. */
function varint(buffer: Buffer, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = offset;
  for (;;) {
    const byte = buffer[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

/** The length-delimited fields numbered `field` of a protobuf message, as sub-buffers. */
function fields(message: Buffer, field: number): Buffer[] {
  const found: Buffer[] = [];
  let at = 0;
  while (at < message.length) {
    const [key, afterKey] = varint(message, at);
    const wireType = key % 8;
    at = afterKey;
    if (wireType === 0) at = varint(message, at)[1];
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const [length, afterLength] = varint(message, at);
      if (Math.floor(key / 8) === field) found.push(message.subarray(afterLength, afterLength + length));
      at = afterLength + length;
    } else throw new Error(`unsupported protobuf wire type ${wireType}`);
  }
  return found;
}

/** ExportTraceServiceRequest.resource_spans(1) -> ResourceSpans.scope_spans(2) -> ScopeSpans.spans(2). */
function countSpans(request: Buffer): number {
  let spans = 0;
  for (const resourceSpans of fields(request, 1)) {
    for (const scopeSpans of fields(resourceSpans, 2)) spans += fields(scopeSpans, 2).length;
  }
  return spans;
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/ready') {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
    return;
  }
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (request.method === 'POST' && request.url === '/v1/traces') {
      stats.exports += 1;
      stats.bytes += body.length;
      try {
        stats.spans += countSpans(body);
      } catch {
        // A body that is not protobuf still counts as an export; its spans cannot be counted.
      }
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      return;
    }
    response.writeHead(404).end();
  });
});

const close = () => server.close(() => process.exit(0));
process.once('SIGTERM', close);
process.once('SIGINT', close);
server.listen(port, '127.0.0.1');
