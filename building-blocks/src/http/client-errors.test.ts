import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from './client-errors';

/** Sends raw bytes and collects everything the server writes until it closes the connection. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerClientError', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('routed'));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a request line over the header limit with a 431 problem', async () => {
    // Given a URL longer than Node's 16 KiB header limit
    const answer = await exchange(port, `GET /products?search=${'r'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);

    // Then the answer is problem details with status 431, and no route ran
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toContain('Content-Type: application/problem+json');
    expect(JSON.parse(body ?? '')).toMatchObject({ status: 431, title: 'The request line or headers are too large' });
    expect(answer).not.toContain('routed');
  });

  it('answers a malformed request with a 400 problem', async () => {
    const answer = await exchange(port, 'NOT HTTP AT ALL\r\n\r\n');

    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(body ?? '')).toMatchObject({ status: 400 });
  });
});
