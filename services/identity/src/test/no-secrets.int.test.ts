import { createLogger } from '@shop/building-blocks/logging';
import amqp from 'amqplib';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityTestHost, startIdentityForTest } from './identity-test-host';

interface Captured {
  url: string;
  headers: string;
  body: string;
}

/**
 * DESIGN §3/§5/§7: a password, its hash or a token never appears in a log line, a published event or an HTTP
 * response other than the token endpoint's own answer — checked over a whole register -> login -> refresh run.
 */
describe('no secret leaves identity', () => {
  let host: IdentityTestHost;
  const logLines: string[] = [];
  const events: string[] = [];
  let connection: amqp.ChannelModel;

  beforeAll(async () => {
    const logger = createLogger({
      service: 'identity',
      level: 'trace',
      destination: { write: (line) => void logLines.push(line) },
    });
    host = await startIdentityForTest({ logger });
    connection = await amqp.connect(host.vhost.url);
    const channel = await connection.createChannel();
    await channel.assertExchange('shop.user-registered', 'fanout', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'shop.user-registered', '');
    await channel.consume(queue, (message) => void (message && events.push(message.content.toString())), {
      noAck: true,
    });
  });
  afterAll(async () => {
    await connection.close();
    await host.stop();
  });

  it('keeps passwords, hashes and tokens out of logs, events and other responses', async () => {
    const password = 'Correct-Horse-Battery-9';
    const responses: Captured[] = [];
    const tokenResponses: Captured[] = [];
    const call = async (options: InjectOptions, into = responses) => {
      const response = await host.service.app.inject(options);
      into.push({ url: String(options.url), headers: JSON.stringify(response.headers), body: response.body });
      return response;
    };
    const form = (fields: Record<string, string>) => ({
      method: 'POST' as const,
      url: '/connect/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

    // Given a full run: register, a failed login, a login, a refresh, userinfo, a revocation
    const registered = await call({
      method: 'POST',
      url: '/api/v1/identity/users',
      payload: { firstName: 'Eve', lastName: 'Sample', userName: 'eve', email: 'eve@example.com', password },
    });
    expect(registered.statusCode).toBe(201);
    await call(form({ grant_type: 'password', client_id: 'shop-client', username: 'eve', password: `${password}x` }));
    const login = (
      await call(form({ grant_type: 'password', client_id: 'shop-client', username: 'eve', password }), tokenResponses)
    ).json();
    const refreshed = (
      await call(
        form({ grant_type: 'refresh_token', client_id: 'shop-client', refresh_token: login.refresh_token }),
        tokenResponses,
      )
    ).json();
    await call({
      method: 'GET',
      url: '/connect/userinfo',
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    await call({
      method: 'POST',
      url: '/connect/revoke',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${refreshed.access_token}`,
      },
      payload: new URLSearchParams({ token: refreshed.refresh_token, client_id: 'shop-client' }).toString(),
    });
    const deadline = Date.now() + 20_000;
    while (events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    // When we search everything that left the service
    const [{ password_hash: hash }] = await host.service.dataSource.query(
      "SELECT password_hash FROM users WHERE user_name = 'eve'",
    );
    const secrets = {
      password,
      hash,
      hashDigest: String(hash).split('$').pop(),
      accessToken: login.access_token,
      refreshToken: login.refresh_token,
      rotatedAccessToken: refreshed.access_token,
      rotatedRefreshToken: refreshed.refresh_token,
      tokenSignature: String(login.access_token).split('.')[2],
    };
    const outside = {
      logs: logLines.join('\n'),
      events: events.join('\n'),
      responses: JSON.stringify(responses),
    };

    // Then the run really happened and was observed...
    expect(events).toHaveLength(1);
    expect(JSON.parse(String(events[0]))).toMatchObject({
      userName: 'eve',
      email: 'eve@example.com',
      role: 'customer',
    });
    expect(logLines.length).toBeGreaterThan(5);
    expect(tokenResponses).toHaveLength(2);
    // ...and no secret is in any of it
    for (const [place, text] of Object.entries(outside)) {
      for (const [secret, value] of Object.entries(secrets)) {
        expect(text.includes(String(value)), `${secret} found in ${place}`).toBe(false);
      }
    }
    // The token endpoint's answers carry tokens by design, never the password or hash
    const tokenText = JSON.stringify(tokenResponses);
    expect(tokenText.includes(password) || tokenText.includes(String(secrets.hashDigest))).toBe(false);
  });
});
