import type { DataSource } from 'typeorm';
import { createDataSource, type DatabaseOptions, ensureDatabase, migrate } from '../persistence';
import { databaseOf, type Feature } from './feature';
import { describeStartFailure } from './run';

export interface ServiceCliOptions {
  /** The service's database URL; its entities and migrations come from `features`, as when the service starts. */
  databaseUrl: string;
  features: readonly Feature[];
  /** Development seed data; resolves to the line to print. Runs after the migrations. */
  seed: (dataSource: DataSource) => Promise<string>;
  /** Commands that need no database (e.g. identity's key rotation); each resolves to the line to print. */
  commands?: Record<string, () => Promise<string>>;
}

/** Creates the database if missing and applies pending migrations, saying which. */
async function openAndMigrate(options: DatabaseOptions): Promise<DataSource> {
  await ensureDatabase(options.url);
  // Two connections: `migrate` holds one for its advisory lock while the migrations run on the other.
  const dataSource = createDataSource({ ...options, poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await migrate(dataSource);
    console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations');
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function runDatabaseCommand(command: 'migrate' | 'seed', options: ServiceCliOptions): Promise<void> {
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openAndMigrate(databaseOf(options.databaseUrl, options.features));
    if (command === 'seed') console.log(await options.seed(dataSource));
  } catch (error) {
    throw new Error(describeStartFailure(error, { PostgreSQL: options.databaseUrl }));
  } finally {
    await dataSource?.destroy();
  }
}

/**
 * A service's operator command line: `migrate`, `seed` (migrate, then the development seed) and the service's own
 * commands (`commandNames`, implemented by `commands`). Usage errors exit 2, failures exit 1 with one clear line
 * (DESIGN §8).
 */
export function runServiceCli(
  argv: readonly string[],
  commandNames: readonly string[],
  load: () => ServiceCliOptions,
): void {
  const names = ['migrate', 'seed', ...commandNames];
  const command = argv[0] ?? '';
  if (!names.includes(command)) {
    console.error(`Usage: node dist/cli.js <${names.join('|')}>`);
    process.exitCode = 2;
    return;
  }
  const run = async () => {
    // Loaded here, so that invalid configuration ends as one line like any other failure.
    const options = load();
    if (command === 'migrate' || command === 'seed') return runDatabaseCommand(command, options);
    const ownCommand = options.commands?.[command];
    if (ownCommand) console.log(await ownCommand());
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
