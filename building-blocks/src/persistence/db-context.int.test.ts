import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createDataSource } from './data-source';
import { DbContext } from './db-context';

describe('DbContext.afterCommit', () => {
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

  it('runs the callback at once outside a transaction', () => {
    const seen: string[] = [];
    db.afterCommit(() => seen.push('now'));
    expect(seen).toEqual(['now']);
  });
});
