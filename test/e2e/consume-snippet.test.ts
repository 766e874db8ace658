import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eventually } from '@shop/building-blocks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltShop, repositoryRoot, startBuiltShop } from './support/services';
import { ShopApi } from './support/shop-api';

const SNIPPET = /<!-- consume-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- consume-snippet:end -->/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MOKA_POT = { name: 'Moka pot', description: 'Aluminium, 6 cups', price: 32.5, stock: 10 };

/**
 * The README's snippet as a third party saves it: `consume.mjs` in a folder of its own whose `node_modules` holds
 * amqplib (the version the building blocks use), so that the ES module's `import 'amqplib'` resolves.
 */
async function saveSnippet(): Promise<{ file: string; directory: string }> {
  const readme = await readFile(join(repositoryRoot, 'README.md'), 'utf8');
  const snippet = SNIPPET.exec(readme)?.[1];
  if (snippet === undefined) throw new Error('README.md has no ```js block between the consume-snippet markers');
  const directory = await mkdtemp(join(tmpdir(), 'shop-consume-snippet-'));
  const amqplib = dirname(createRequire(join(repositoryRoot, 'building-blocks/package.json')).resolve('amqplib'));
  await mkdir(join(directory, 'node_modules'));
  await symlink(amqplib, join(directory, 'node_modules', 'amqplib'), 'dir');
  const file = join(directory, 'consume.mjs');
  await writeFile(file, snippet);
  return { file, directory };
}

interface Received {
  type: string;
  messageId: string;
  event: { orderId: string; customerId: string; items: { productId: string; quantity: number }[] };
}

/** The lines the snippet prints: `<type> <messageId> <payload as JSON>`. */
function receivedEvents(stdout: string): Received[] {
  return [...stdout.matchAll(/^(\S+) (\S+) (\{.*\})$/gm)].map(([, type, messageId, json]) => ({
    type: type ?? '',
    messageId: messageId ?? '',
    event: JSON.parse(json ?? '{}') as Received['event'],
  }));
}

describe("README's amqplib snippet, as a third party runs it", () => {
  let shop: BuiltShop;
  let saved: { file: string; directory: string } | undefined;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    shop = await startBuiltShop();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    if (saved) await rm(saved.directory, { recursive: true, force: true });
    await shop?.stop();
  });

  it("binds billing.order-placed to shop.order-placed and receives the OrderPlaced of a customer's order", async () => {
    // Given the snippet, copied from the README, running against the shop's broker
    saved = await saveSnippet();
    const running = spawn(process.execPath, [saved.file], {
      cwd: saved.directory,
      env: { ...process.env, RABBITMQ_URL: shop.vhost.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = running;
    let stdout = '';
    let stderr = '';
    running.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const snippetOutput = () => `snippet exit ${running.exitCode}\nstdout:\n${stdout}\nstderr:\n${stderr}`;
    // And a customer with a product to order
    const api = new ShopApi(shop);
    const { id: productId } = await api.createProduct(MOKA_POT);
    const customer = await api.registerCustomer();
    // And the snippet's own queue bound to the exchange (a fanout exchange drops what no queue was bound for)
    await eventually('the snippet bound billing.order-placed to shop.order-placed', async () => {
      if (running.exitCode !== null) throw new Error(snippetOutput());
      return (await shop.vhost.boundQueues('shop.order-placed')).includes('billing.order-placed');
    });

    // When the customer places an order through the API
    const order = await api.placeOrder(customer.token, [{ productId, quantity: 2 }]);

    // Then the snippet prints that order's OrderPlaced, with the envelope the README describes
    const [received] = await eventually(
      `the snippet printed the OrderPlaced of order ${order.id}`,
      async () => {
        if (running.exitCode !== null) throw new Error(snippetOutput());
        return receivedEvents(stdout).filter((line) => line.event.orderId === order.id);
      },
      (lines) => lines.length > 0,
    );
    expect(received?.type, snippetOutput()).toBe('OrderPlaced');
    expect(received?.messageId).toMatch(UUID_V7);
    expect(received?.event).toMatchObject({
      orderId: order.id,
      customerId: customer.id,
      items: [{ productId, quantity: 2 }],
    });
    expect(stderr).toBe('');
  });
});
