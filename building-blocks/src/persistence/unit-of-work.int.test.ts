import { IsBoolean, IsString } from 'class-validator';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../container';
import {
  Command,
  CommandWithOwnTransaction,
  handles,
  Mediator,
  Query,
  type RequestHandler,
  ValidationBehavior,
} from '../mediator';
import { createTestDatabase, type TestDatabase } from '../testing';
import { createDataSource } from './data-source';
import { DbContext } from './db-context';
import { UnitOfWorkBehavior } from './unit-of-work.behavior';

class AddNote extends Command<void> {
  @IsString()
  text: string;

  @IsBoolean()
  failAfterWrite = false;
}

@handles(AddNote)
export class AddNoteHandler implements RequestHandler<AddNote> {
  constructor(private readonly db: DbContext) {}

  async handle(command: AddNote): Promise<void> {
    await this.db.manager.query('INSERT INTO notes (text) VALUES ($1)', [command.text]);
    await this.db.manager.query('INSERT INTO notes (text) VALUES ($1)', [`${command.text} (second row)`]);
    if (command.failAfterWrite) throw new Error('the handler failed after writing');
  }
}

class IsInsideTransaction extends Query<boolean> {}

@handles(IsInsideTransaction)
export class IsInsideTransactionHandler implements RequestHandler<IsInsideTransaction> {
  constructor(private readonly db: DbContext) {}

  async handle(): Promise<boolean> {
    return this.db.inTransaction;
  }
}

/** Reports whether it starts inside a transaction, then writes in one it opens itself. */
class AddNoteLater extends CommandWithOwnTransaction<boolean> {
  @IsString()
  text: string;
}

@handles(AddNoteLater)
export class AddNoteLaterHandler implements RequestHandler<AddNoteLater> {
  constructor(private readonly db: DbContext) {}

  async handle(command: AddNoteLater): Promise<boolean> {
    const startedInside = this.db.inTransaction;
    await this.db.transaction(() => this.db.manager.query('INSERT INTO notes (text) VALUES ($1)', [command.text]));
    return startedInside;
  }
}

describe('UnitOfWorkBehavior', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let mediator: Mediator;

  beforeAll(async () => {
    database = await createTestDatabase('uow');
    dataSource = createDataSource({ url: database.url, entities: [], migrations: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)');
    const container = createContainer();
    const db = new DbContext(dataSource);
    container.registerInstance(DbContext, db);
    mediator = new Mediator(
      container,
      [new ValidationBehavior(), new UnitOfWorkBehavior(db)],
      [AddNoteHandler, IsInsideTransactionHandler, AddNoteLaterHandler],
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const count = async () => Number((await dataSource.query('SELECT count(*) AS n FROM notes'))[0].n);

  it('commits every write of a successful command', async () => {
    const before = await count();

    await mediator.send(Object.assign(new AddNote(), { text: 'kept' }));

    expect(await count()).toBe(before + 2);
  });

  it('rolls back every write when the handler throws', async () => {
    const before = await count();

    const sending = mediator.send(Object.assign(new AddNote(), { text: 'lost', failAfterWrite: true }));

    await expect(sending).rejects.toThrow('the handler failed after writing');
    expect(await count()).toBe(before);
  });

  it('leaves a CommandWithOwnTransaction to open its transaction itself', async () => {
    const before = await count();

    const startedInside = await mediator.send(Object.assign(new AddNoteLater(), { text: 'later' }));

    expect(startedInside).toBe(false);
    expect(await count()).toBe(before + 1);
  });

  it('runs queries outside a transaction', async () => {
    expect(await mediator.send(new IsInsideTransaction())).toBe(false);
  });
});
