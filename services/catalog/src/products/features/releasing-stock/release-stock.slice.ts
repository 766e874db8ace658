import { defineSlice } from '@shop/building-blocks/hosting';
import { orderCancelledConsumer } from './order-cancelled.consumer';
import { orderRejectedConsumer } from './order-rejected.consumer';
import { ReleaseStockCommand } from './release-stock.command';
import { ReleaseStockHandler } from './release-stock.handler';

export const releasingStock = defineSlice({
  name: 'releasing-stock',
  requests: [ReleaseStockCommand],
  handlers: [ReleaseStockHandler],
  consumers: [orderCancelledConsumer, orderRejectedConsumer],
});
