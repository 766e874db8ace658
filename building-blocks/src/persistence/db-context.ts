import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { TransactionUnusableError } from './errors';

/** One level of work in a transaction: the transaction itself, or a savepoint inside it. */
interface TransactionScope {
  readonly manager: EntityManager;
  /** What `afterCommit` deferred, run once the transaction has committed. */
  readonly committed: (() => void)[];
  /** What `beforeCommit` deferred, by key (once each), run in the transaction just before it commits. */
  readonly finishing: Map<unknown, () => Promise<unknown>>;
  /** Savepoints this level is nested in: names the next one. */
  readonly depth: number;
}

/** What became of one item of `eachInSavepoint`. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

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

  /**
   * The rows of one read-only statement. Inside a transaction it runs there; outside one it goes straight to a pooled
   * connection through pg, without TypeORM's query runner, which costs a hot read more CPU than the query itself.
   * Errors are pg's own (a `code` with the SQLSTATE), not TypeORM's `QueryFailedError`.
   */
  async select<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const scope = this.scope.getStore();
    if (scope) return scope.manager.query(sql, parameters);
    const pool: Pool = (this.dataSource.driver as PostgresDriver).master;
    const { rows } = await pool.query(sql, parameters);
    return rows;
  }

  /** Runs `work` in one transaction; a nested call joins the outer transaction. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    const top: Omit<TransactionScope, 'manager'> = { committed: [], finishing: new Map(), depth: 0 };
    const result = await this.dataSource.transaction((manager) =>
      this.scope.run({ ...top, manager }, async () => {
        const value = await work();
        for (const finish of top.finishing.values()) await finish();
        return value;
      }),
    );
    for (const callback of top.committed) callback();
    return result;
  }

  /**
   * Runs `work` for each item in turn, each in a savepoint of the current transaction, so that one can fail alone: if
   * it throws, its writes are rolled back to the savepoint and its `afterCommit` and `beforeCommit` callbacks dropped,
   * and the next item goes on; if it succeeds, its callbacks join the transaction's. Returns each item's outcome. A
   * batched consumer gives each message one (messaging README). One savepoint name is reused: releasing one and
   * setting the next is a single round trip, so an item costs one statement more than its own work. Throws
   * `TransactionUnusableError` when the savepoints themselves fail (e.g. the connection broke, or an item swallowed a
   * failed statement): the transaction must then be abandoned.
   */
  async eachInSavepoint<TItem, TResult>(
    items: readonly TItem[],
    work: (item: TItem) => Promise<TResult>,
  ): Promise<Settled<TResult>[]> {
    const outer = this.scope.getStore();
    if (!outer) throw new Error('db.eachInSavepoint() must run inside a transaction');
    if (items.length === 0) return [];
    const name = `shop_savepoint_${outer.depth + 1}`;
    const control = async (sql: string) => {
      try {
        await outer.manager.query(sql);
      } catch (error) {
        throw new TransactionUnusableError(`${sql} failed`, { cause: error });
      }
    };
    const settled: Settled<TResult>[] = [];
    await control(`SAVEPOINT ${name}`);
    // A savepoint just set or just rolled back to holds nothing yet: the next item can use it as it is.
    let used = false;
    for (const item of items) {
      if (used) await control(`RELEASE SAVEPOINT ${name}; SAVEPOINT ${name}`);
      const inner: TransactionScope = { ...outer, committed: [], finishing: new Map(), depth: outer.depth + 1 };
      try {
        settled.push({ ok: true, value: await this.scope.run(inner, () => work(item)) });
      } catch (error) {
        await control(`ROLLBACK TO SAVEPOINT ${name}`);
        settled.push({ ok: false, error });
        used = false;
        continue;
      }
      used = true;
      outer.committed.push(...inner.committed);
      for (const [key, finish] of inner.finishing) if (!outer.finishing.has(key)) outer.finishing.set(key, finish);
    }
    await control(`RELEASE SAVEPOINT ${name}`);
    return settled;
  }

  /**
   * Runs `callback` once the current (outermost) transaction has committed, and never if it rolls back (nor if the
   * savepoint it was asked in rolls back): for what must only count what is stored, e.g. a business metric. Outside
   * a transaction the write is already stored, so it runs at once.
   */
  afterCommit(callback: () => void): void {
    const scope = this.scope.getStore();
    if (scope) scope.committed.push(callback);
    else callback();
  }

  /**
   * Runs `work` in the current transaction just before it commits, once per `key` however often it is asked, and
   * not at all if the part that asked rolled back (a savepoint): e.g. one `pg_notify` for the outbox rows that stay.
   */
  beforeCommit(key: unknown, work: () => Promise<unknown>): void {
    const scope = this.scope.getStore();
    if (!scope) throw new Error('db.beforeCommit() must run inside a transaction');
    // A savepoint keeps its own; releasing it drops a key the transaction already holds.
    if (!scope.finishing.has(key)) scope.finishing.set(key, work);
  }
}
