import { inject } from '@shop/building-blocks/container';
import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { fromCents } from '@shop/building-blocks/money';
import { DbContext } from '@shop/building-blocks/persistence';
import { OrderPlaced } from '@shop/contracts';
import type { CatalogProducts } from '../../../downstream/catalog-products';
import type { Customers } from '../../../downstream/customers';
import { UnknownProductsError } from '../../../errors';
import { OrderTokens } from '../../../tokens';
import { IdempotencyKeys, requestHash } from '../../idempotency-keys';
import { toOrderDto } from '../../order.dto';
import { Order, type OrderLine } from '../../order.entity';
import type { OrderItemInput } from '../../order.rules';
import { OrderMetrics } from '../../order-metrics';
import { type PlacedOrder, PlaceOrderCommand } from './place-order.command';

/** Quantities of the same product ordered on several lines, added up: one line per product. */
function mergeLines(items: readonly OrderItemInput[]): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
  return quantities;
}

/**
 * DESIGN §4 step 1: price the lines at catalog and name the customer at identity (gRPC, in parallel, each with its
 * deadline), then store the order Pending and `OrderPlaced` in one transaction, opened only after the calls.
 */
@handles(PlaceOrderCommand)
export class PlaceOrderHandler implements RequestHandler<PlaceOrderCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly outbox: Outbox,
    @inject(OrderTokens.CatalogProducts) private readonly catalog: CatalogProducts,
    @inject(OrderTokens.Customers) private readonly customers: Customers,
    private readonly keys: IdempotencyKeys,
    private readonly metrics: OrderMetrics,
  ) {}

  async handle(command: PlaceOrderCommand): Promise<PlacedOrder> {
    const hash = command.idempotencyKey ? requestHash(command) : '';
    if (command.idempotencyKey) {
      const earlier = await this.keys.orderOf(command.customerId, command.idempotencyKey, hash);
      if (earlier) return this.replay(earlier);
    }
    const quantities = mergeLines(command.items);
    const [products, customer] = await Promise.all([
      this.catalog.get([...quantities.keys()]),
      this.customers.get(command.customerId),
    ]);
    const byId = new Map(products.map((product) => [product.id, product]));
    const lines: OrderLine[] = [];
    for (const [productId, quantity] of quantities) {
      const product = byId.get(productId);
      if (!product) throw new UnknownProductsError(`Unknown product(s): ${productId}`);
      lines.push({ productId, productName: product.name, unitPriceCents: product.unitPriceCents, quantity });
    }
    const order = Order.place({
      customerId: command.customerId,
      customerName: `${customer.firstName} ${customer.lastName}`,
      items: lines,
      shippingAddress: command.shippingAddress,
    });
    // Only now a connection and a transaction: no pooled connection waits on the network.
    return this.db.transaction(async () => {
      if (command.idempotencyKey) {
        const concurrent = await this.keys.claim(command.customerId, command.idempotencyKey, hash, order.id);
        if (concurrent) return this.replay(concurrent);
      }
      await this.db.repository(Order).insert(order);
      await this.outbox.add(OrderPlaced, {
        orderId: order.id,
        customerId: order.customerId,
        items: lines.map((line) => ({
          productId: line.productId,
          quantity: line.quantity,
          unitPrice: fromCents(line.unitPriceCents),
        })),
        total: fromCents(order.totalCents),
        placedAt: order.createdAt.toISOString(),
      });
      this.db.afterCommit(() => this.metrics.placed());
      return { order: toOrderDto(order), replayed: false };
    });
  }

  private async replay(orderId: string): Promise<PlacedOrder> {
    const order = await this.db.repository(Order).findOneByOrFail({ id: orderId });
    return { order: toOrderDto(order), replayed: true };
  }
}
