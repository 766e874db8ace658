import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts secrets at the top level and one level down', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'test', destination });

    logger.info({
      password: 'hunter2',
      body: { refresh_token: 'rt-123', client_secret: 'cs-9' },
      authorization: 'Bearer x',
    });

    const line = lines.join('');
    for (const secret of ['hunter2', 'rt-123', 'cs-9', 'Bearer x']) expect(line).not.toContain(secret);
    expect(line).toContain('[REDACTED]');
    expect(JSON.parse(line).service).toBe('test');
  });
});
