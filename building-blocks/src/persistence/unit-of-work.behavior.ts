import { CommandWithOwnTransaction, type PipelineBehavior, type RequestContext } from '../mediator';
import type { DbContext } from './db-context';

/**
 * Commands run in one database transaction: the handler's writes (and the outbox rows they add) commit together.
 * A `CommandWithOwnTransaction` opens it in its handler instead, after its remote reads.
 */
export class UnitOfWorkBehavior implements PipelineBehavior {
  constructor(private readonly db: DbContext) {}

  handle(context: RequestContext, next: () => Promise<unknown>): Promise<unknown> {
    if (context.kind !== 'command' || context.request instanceof CommandWithOwnTransaction) return next();
    return this.db.transaction(next);
  }
}
