import { defineSlice } from '@shop/building-blocks/hosting';
import { ExpirePendingOrdersCommand } from './expire-pending-orders.command';
import { ExpirePendingOrdersHandler } from './expire-pending-orders.handler';
import { pendingOrdersDeadlineJob } from './pending-orders.job';

export const expiringOrders = defineSlice({
  name: 'expiring-orders',
  requests: [ExpirePendingOrdersCommand],
  handlers: [ExpirePendingOrdersHandler],
  jobs: [pendingOrdersDeadlineJob],
});
