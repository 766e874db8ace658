import { defineSlice } from '@shop/building-blocks/hosting';
import { orderPlacedConsumer } from './order-placed.consumer';
import { ReserveStockCommand } from './reserve-stock.command';
import { ReserveStockHandler } from './reserve-stock.handler';

export const reservingStock = defineSlice({
  name: 'reserving-stock',
  requests: [ReserveStockCommand],
  handlers: [ReserveStockHandler],
  consumers: [orderPlacedConsumer],
});
