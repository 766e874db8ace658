import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createDataSource } from './data-source';
import { DbContext } from './db-context';
import { TransactionUnusableError } from './errors';

describe('DbContext: afterCommit, beforeCommit and savepoints', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: DbContext;

  beforeAll(async () => {
    database = await createTestDatabase('db_context');
    dataSource = createDataSource({ url: database.url, entities: [], migrations: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)');
    db = new DbContext(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const stored = async (text: string) =>
    Number((await dataSource.query('SELECT count(*)::int AS n FROM notes WHERE text = $1', [text]))[0].n);

  it('runs the callback after the commit, when the write is visible to other connections', async () => {
    // Given a transaction that writes a row and, once committed, counts that row from another connection
    const counted: Promise<number>[] = [];
    // When it commits
    await db.transaction(async () => {
      await db.manager.query(`INSERT INTO notes (text) VALUES ('committed')`);
      db.afterCommit(() => counted.push(stored('committed')));
      // Then nothing has run yet inside the transaction
      expect(counted).toHaveLength(0);
    });
    // Then the callback ran once, and saw the row stored
    expect(await Promise.all(counted)).toEqual([1]);
  });

  it('never runs the callback when the transaction rolls back', async () => {
    // Given a transaction that writes, asks to be called back, then fails
    const seen: string[] = [];
    const failing = db.transaction(async () => {
      await db.manager.query(`INSERT INTO notes (text) VALUES ('rolled back')`);
      db.afterCommit(() => seen.push('called'));
      throw new Error('the work failed after writing');
    });
    // When it rolls back
    await expect(failing).rejects.toThrow('the work failed after writing');
    // Then the callback never ran, and nothing was stored
    expect(seen).toEqual([]);
    expect(await stored('rolled back')).toBe(0);
  });

  it('defers a nested transaction’s callback to the commit of the outer one', async () => {
    // Given a nested transaction (it joins the outer one) that asks to be called back
    const seen: string[] = [];
    await db.transaction(async () => {
      await db.transaction(async () => {
        await db.manager.query(`INSERT INTO notes (text) VALUES ('nested')`);
        db.afterCommit(() => seen.push('nested'));
      });
      // When the nested one returns, the outer one has not committed yet
      expect(seen).toEqual([]);
      db.afterCommit(() => seen.push('outer'));
    });
    // Then both ran after the outer commit, in the order they were asked for
    expect(seen).toEqual(['nested', 'outer']);
  });

  it('runs the afterCommit callbacks of the savepoints that held, after the commit, and drops those rolled back', async () => {
    // Given three items in savepoints of one transaction, each writing and asking to be called back; the second fails
    const seen: string[] = [];
    const settled = await db.transaction(async () => {
      const outcomes = await db.eachInSavepoint(['first', 'second', 'third'], async (item) => {
        await db.manager.query('INSERT INTO notes (text) VALUES ($1)', [`savepoint ${item}`]);
        db.afterCommit(() => seen.push(item));
        if (item === 'second') throw new Error('the second item failed after writing');
        return item;
      });
      // Then nothing has run before the commit
      expect(seen).toEqual([]);
      return outcomes;
    });
    // Then the first and third held and were called back after the commit; the second was rolled back alone
    expect(settled.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(seen).toEqual(['first', 'third']);
    expect(await stored('savepoint first')).toBe(1);
    expect(await stored('savepoint second')).toBe(0);
    expect(await stored('savepoint third')).toBe(1);
  });

  it('runs no callback of a savepoint that held when the transaction around it rolls back', async () => {
    const seen: string[] = [];
    const failing = db.transaction(async () => {
      await db.eachInSavepoint(['held'], async (item) => {
        await db.manager.query('INSERT INTO notes (text) VALUES ($1)', [`outer rollback ${item}`]);
        db.afterCommit(() => seen.push(item));
      });
      throw new Error('the transaction failed after its savepoints');
    });
    await expect(failing).rejects.toThrow('the transaction failed after its savepoints');
    expect(seen).toEqual([]);
    expect(await stored('outer rollback held')).toBe(0);
  });

  it('runs a beforeCommit work once per key, in the transaction, and not for a savepoint rolled back', async () => {
    // Given items that each ask for the same work before the commit (as each outbox row asks for one notification),
    // the first of them failing, and a key asked for only by a failed item
    const ran: string[] = [];
    const ask = (key: string, label: string) =>
      db.beforeCommit(key, async () => {
        ran.push(label);
        await db.manager.query('INSERT INTO notes (text) VALUES ($1)', [`before commit ${label}`]);
      });
    await db.transaction(async () => {
      await db.eachInSavepoint(['failing', 'held', 'held too'], async (item) => {
        ask('shared', item);
        if (item === 'failing') {
          ask('only the failed item', item);
          throw new Error('failed');
        }
      });
    });
    // Then the shared work ran once, for the first item that held, inside the transaction; the other never ran
    expect(ran).toEqual(['held']);
    expect(await stored('before commit held')).toBe(1);
  });

  it('gives up the transaction when an item swallowed a failed statement', async () => {
    // Given an item that catches the error of a failed statement and returns as if all went well
    const failing = db.transaction(() =>
      db.eachInSavepoint(['swallows', 'next'], async (item) => {
        await db.manager.query('INSERT INTO notes (text) VALUES ($1)', [`swallowed ${item}`]);
        if (item === 'swallows') await db.manager.query('SELECT 1 / 0').catch(() => undefined);
      }),
    );
    // Then the transaction is abandoned with TransactionUnusableError, and nothing of it is stored
    await expect(failing).rejects.toBeInstanceOf(TransactionUnusableError);
    expect(await stored('swallowed swallows')).toBe(0);
  });

  it('runs the callback at once outside a transaction', () => {
    const seen: string[] = [];
    db.afterCommit(() => seen.push('now'));
    expect(seen).toEqual(['now']);
  });
});
