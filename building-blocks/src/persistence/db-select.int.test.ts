import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createDataSource } from './data-source';
import { DbContext } from './db-context';

describe('DbContext.select', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: DbContext;

  beforeAll(async () => {
    database = await createTestDatabase('db_select');
    dataSource = createDataSource({ url: database.url, entities: [], migrations: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL, written timestamptz)');
    await dataSource.query(`INSERT INTO notes (text, written) VALUES ('first', '2026-01-02T03:04:05Z')`);
    db = new DbContext(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('returns the rows of a parameterised statement, typed as pg parses them', async () => {
    // When a note is read by its text outside any transaction
    const rows = await db.select<{ id: number; text: string; written: Date }>(
      'SELECT id, text, written FROM notes WHERE text = $1',
      ['first'],
    );

    // Then its row comes back with pg's types
    expect(rows).toEqual([{ id: 1, text: 'first', written: new Date('2026-01-02T03:04:05Z') }]);
  });

  it('reads inside the current transaction, so it sees what the transaction wrote before it commits', async () => {
    // Given a transaction that has written a row it has not committed yet
    const seen = await db.transaction(async () => {
      await db.manager.query(`INSERT INTO notes (text) VALUES ('uncommitted')`);
      // When it selects that row
      return db.select<{ text: string }>('SELECT text FROM notes WHERE text = $1', ['uncommitted']);
    });

    // Then it saw it
    expect(seen).toEqual([{ text: 'uncommitted' }]);
  });

  it('fails with the SQLSTATE of the error, as pg reports it', async () => {
    // When a statement names a table that does not exist
    const failure = await db.select('SELECT * FROM no_such_table').catch((error: unknown) => error);

    // Then the error carries 42P01 (undefined_table)
    expect(failure).toMatchObject({ code: '42P01' });
  });
});
