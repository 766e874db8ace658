import { type JobFactory, PeriodicJob } from '@shop/building-blocks/hosting';
import { OrderTokens } from '../../../tokens';
import { ExpirePendingOrdersCommand } from './expire-pending-orders.command';

const BATCH = 100;

/** Every instance sweeps on its own timer; the handler's SKIP LOCKED keeps the replicas off each other's orders. */
export const pendingOrdersDeadlineJob: JobFactory = ({ container, mediator, logger }) => {
  const settings = container.resolve<{ timeoutMs: number; intervalMs: number }>(OrderTokens.PendingDeadline);
  return new PeriodicJob({
    name: 'pending-orders-deadline',
    intervalMs: settings.intervalMs,
    logger,
    run: async () => {
      const command = Object.assign(new ExpirePendingOrdersCommand(), {
        olderThanMs: settings.timeoutMs,
        limit: BATCH,
      });
      while ((await mediator.send(command)) === BATCH) {
        // A full batch: more may be waiting.
      }
    },
  });
};
