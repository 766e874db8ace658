import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

interface TransactionScope {
  readonly manager: EntityManager;
  /** What `afterCommit` deferred, run once the transaction has committed. */
  readonly committed: (() => void)[];
}

/**
 * The handlers' window on the database. Inside the unit of work, `manager` and `repository()` are bound to the
 * request's transaction (carried by AsyncLocalStorage), so a handler never passes a transaction around and cannot
 * write outside it by accident.
 */
export class DbContext {
  private readonly scope = new AsyncLocalStorage<TransactionScope>();

  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.scope.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.scope.getStore() !== undefined;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /** Runs `work` in one transaction; a nested call joins the outer transaction. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    const committed: (() => void)[] = [];
    const result = await this.dataSource.transaction((manager) => this.scope.run({ manager, committed }, work));
    for (const callback of committed) callback();
    return result;
  }

  /**
   * Runs `callback` once the current (outermost) transaction has committed, and never if it rolls back: for what
   * must only count what is stored, e.g. a business metric. Outside a transaction the write is already stored, so
   * it runs at once.
   */
  afterCommit(callback: () => void): void {
    const scope = this.scope.getStore();
    if (scope) scope.committed.push(callback);
    else callback();
  }
}
