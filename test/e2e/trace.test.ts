import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './support/otlp-receiver';
import { type BuiltShop, startBuiltShop } from './support/services';
import { ShopApi } from './support/shop-api';

const ESPRESSO_CUP = { name: 'Espresso cup', description: 'Porcelain, 90 ml', price: 12.5, stock: 10 };

// OTLP SpanKind.
const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;
const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Received spans with the parent/child links Jaeger draws from parent_span_id. */
class Spans {
  private readonly byId: Map<string, ReceivedSpan>;

  constructor(readonly all: readonly ReceivedSpan[]) {
    this.byId = new Map(all.map((span) => [span.spanId, span]));
  }

  /** True when `ancestor` is reached from `span` by following parent_span_id. */
  descends(span: ReceivedSpan, ancestor: ReceivedSpan): boolean {
    for (let parent = this.parentOf(span); parent; parent = this.parentOf(parent)) {
      if (parent.spanId === ancestor.spanId) return true;
    }
    return false;
  }

  /** The traces of `traceIds` as indented trees: each span with its service, kind and start (ms after the first). */
  render(traceIds: Iterable<string>): string {
    const ids = new Set(traceIds);
    const spans = this.all.filter((span) => ids.has(span.traceId)).sort((a, b) => compare(a.startNanos, b.startNanos));
    const origin = spans[0]?.startNanos ?? 0n;
    const children = new Map<string | undefined, ReceivedSpan[]>();
    for (const span of spans) {
      const parent = span.parentSpanId && this.byId.has(span.parentSpanId) ? span.parentSpanId : undefined;
      children.set(parent, [...(children.get(parent) ?? []), span]);
    }
    const lines: string[] = [];
    const draw = (span: ReceivedSpan, depth: number) => {
      const at = Number((span.startNanos - origin) / 1000n) / 1000;
      const orphan = depth === 0 && span.parentSpanId ? ' (its parent never arrived)' : '';
      lines.push(`${'  '.repeat(depth)}${span.service} ${KIND_NAMES[span.kind]} "${span.name}" +${at} ms${orphan}`);
      for (const child of children.get(span.spanId) ?? []) draw(child, depth + 1);
    };
    for (const root of children.get(undefined) ?? []) draw(root, 0);
    return lines.join('\n');
  }

  private parentOf(span: ReceivedSpan): ReceivedSpan | undefined {
    return span.parentSpanId ? this.byId.get(span.parentSpanId) : undefined;
  }
}

/** The spans of one order's way through DESIGN §4, wherever they are: the test then checks they are one trace. */
function orderSteps(spans: readonly ReceivedSpan[]) {
  const find = (service: string, kind: number, name: string | RegExp) =>
    spans.find(
      (span) =>
        span.service === service &&
        span.kind === kind &&
        (typeof name === 'string' ? span.name === name : name.test(span.name)),
    );
  return {
    place: spans.find(
      (span) =>
        span.service === 'order' &&
        span.kind === SERVER &&
        (span.attributes['http.request.method'] ?? span.attributes['http.method']) === 'POST' &&
        (span.attributes['url.path'] ?? span.attributes['http.target']) === '/api/v1/orders',
    ),
    getProducts: find('order', CLIENT, 'catalog/GetProducts'),
    getProductsServer: find('catalog', SERVER, /\/GetProducts$/),
    getUser: find('order', CLIENT, 'identity/GetUser'),
    getUserServer: find('identity', SERVER, /\/GetUser$/),
    insert: spans.find(
      (span) =>
        span.service === 'order' &&
        /^INSERT INTO "orders"/.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement'])),
    ),
    orderPlaced: find('order', PRODUCER, 'shop.order-placed publish'),
    reserve: find('catalog', CONSUMER, 'catalog.order-placed process'),
    stockReserved: find('catalog', PRODUCER, 'shop.stock-reserved publish'),
    confirm: find('order', CONSUMER, 'order.stock-reserved process'),
    confirmCommand: find('order', INTERNAL, 'ConfirmOrderCommand'),
    orderConfirmed: find('order', PRODUCER, 'shop.order-confirmed publish'),
  };
}

type Steps = { [name in keyof ReturnType<typeof orderSteps>]: ReceivedSpan };

function complete(steps: ReturnType<typeof orderSteps>): Steps | undefined {
  return Object.values(steps).every(Boolean) ? (steps as Steps) : undefined;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  explain: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within 30 s\n${explain()}`);
    await sleep(100);
  }
}

describe('one trace per order, exported over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let shop: BuiltShop;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // The batch processor exports every 200 ms instead of every 5 s: the test waits for the spans, not the timer.
    shop = await startBuiltShop({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });
  afterAll(async () => {
    await shop?.stop();
    await receiver?.close();
  });

  it('follows an order from its POST through gRPC, the database and both events to its confirmation', async () => {
    // Given a product, and a customer with a token
    const api = new ShopApi(shop);
    const product = await api.createProduct(ESPRESSO_CUP);
    const customer = await api.registerCustomer({ firstName: 'Ada', lastName: 'Lovelace' });

    // When the customer places one order and catalog's reservation confirms it
    const placed = await api.placeOrder(customer.token, [{ productId: product.id, quantity: 2 }]);
    await api.orderReaches(customer.token, placed.id, 'Confirmed');

    // Then every step has reached the receiver
    const steps = await waitFor(
      'the spans of every step',
      () => complete(orderSteps(receiver.spans())),
      () => {
        const found = Object.entries(orderSteps(receiver.spans()));
        const missing = found.filter(([, span]) => !span).map(([name]) => name);
        const traces = found.flatMap(([, span]) => (span ? [span.traceId] : []));
        return `missing: ${missing.join(', ')}\n${new Spans(receiver.spans()).render(traces)}`;
      },
    );
    const spans = new Spans(receiver.spans());
    const traces = new Set(Object.values(steps).map((span) => span.traceId));
    const tree = spans.render(traces);

    // And they are one trace, headed by the POST's server span, across all three services
    expect([...traces], tree).toEqual([steps.place.traceId]);
    expect(steps.place.parentSpanId, tree).toBeUndefined();
    const services = spans.all.filter((span) => span.traceId === steps.place.traceId).map((span) => span.service);
    expect(new Set(services), tree).toEqual(new Set(['identity', 'catalog', 'order']));

    // And each step descends from the one that caused it (a gRPC server span and a consume span directly)
    const links: [cause: keyof Steps, effect: keyof Steps, direct?: 'child'][] = [
      ['place', 'getProducts'],
      ['getProducts', 'getProductsServer', 'child'],
      ['place', 'getUser'],
      ['getUser', 'getUserServer', 'child'],
      ['place', 'insert'],
      ['place', 'orderPlaced'],
      ['orderPlaced', 'reserve', 'child'],
      ['reserve', 'stockReserved'],
      ['stockReserved', 'confirm', 'child'],
      ['confirm', 'confirmCommand'],
      ['confirmCommand', 'orderConfirmed'],
    ];
    for (const [cause, effect, direct] of links) {
      const message = `${steps[effect].name} under ${steps[cause].name}\n${tree}`;
      expect(spans.descends(steps[effect], steps[cause]), message).toBe(true);
      if (direct) expect(steps[effect].parentSpanId, message).toBe(steps[cause].spanId);
    }

    // And in causal order: start times never go back along the chain, and the order's row is written only after
    // both gRPC calls have answered
    const chain: (keyof Steps)[][] = [
      ['place', 'getProducts', 'getProductsServer'],
      ['place', 'getUser', 'getUserServer'],
      ['place', 'insert', 'orderPlaced', 'reserve', 'stockReserved', 'confirm', 'confirmCommand', 'orderConfirmed'],
    ];
    for (const names of chain) {
      const starts = names.map((name) => steps[name].startNanos);
      const sorted = [...starts].sort(compare);
      expect(starts, `${names.join(' -> ')}\n${tree}`).toEqual(sorted);
    }
    for (const call of [steps.getProducts, steps.getUser]) {
      expect(steps.insert.startNanos >= call.endNanos, `INSERT after ${call.name} ended\n${tree}`).toBe(true);
    }
  });
});
