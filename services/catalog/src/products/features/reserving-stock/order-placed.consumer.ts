import { defineConsumer } from '@shop/building-blocks/messaging';
import { OrderPlaced } from '@shop/contracts';
import { ReserveStockCommand } from './reserve-stock.command';

/** Queue `catalog.order-placed`: step 2 of the order saga (DESIGN §4). */
export const orderPlacedConsumer = defineConsumer({
  event: OrderPlaced,
  service: 'catalog',
  toCommand: (message) => ReserveStockCommand.from(message.payload),
});
