import { defineConsumer } from '@shop/building-blocks/messaging';
import { OrderRejected } from '@shop/contracts';
import { ReleaseStockCommand } from './release-stock.command';

/**
 * Queue `catalog.order-rejected`: an order rejected at its deadline may still get its stock reserved by a late
 * OrderPlaced, or have it already; releasing it here is the saga's compensation (DESIGN §4.5, docs/adr/0009).
 */
export const orderRejectedConsumer = defineConsumer({
  event: OrderRejected,
  service: 'catalog',
  toCommand: (message) => ReleaseStockCommand.from(message.payload),
});
