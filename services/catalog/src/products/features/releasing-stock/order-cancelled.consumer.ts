import { defineConsumer } from '@shop/building-blocks/messaging';
import { OrderCancelled } from '@shop/contracts';
import { ReleaseStockCommand } from './release-stock.command';

/** Queue `catalog.order-cancelled`: step 4 of the order saga (DESIGN §4). */
export const orderCancelledConsumer = defineConsumer({
  event: OrderCancelled,
  service: 'catalog',
  toCommand: (message) => ReleaseStockCommand.from(message.payload),
});
