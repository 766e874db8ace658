import 'reflect-metadata';
import { describeStartFailure } from '@shop/building-blocks/hosting';
import { messagingMigrations } from '@shop/building-blocks/messaging';
import { createDataSource, ensureDatabase, migrate } from '@shop/building-blocks/persistence';
import type { DataSource } from 'typeorm';
import { type IdentityConfig, loadIdentityConfig } from './config';
import { connectFeature } from './connect';
import { migrations } from './migrations';
import { PasswordHasher } from './security/password-hasher';
import { createSigningKey } from './security/signing-keys';
import { seedIdentity } from './seed';
import { usersFeature } from './users';

const COMMANDS = ['migrate', 'seed', 'rotate-key'] as const;
type CliCommand = (typeof COMMANDS)[number];
const USAGE = `Usage: node dist/cli.js <${COMMANDS.join('|')}>`;

/** Creates the database if missing and applies pending migrations, saying which. */
async function openAndMigrate(url: string): Promise<DataSource> {
  await ensureDatabase(url);
  // Two connections: `migrate` holds one for its advisory lock while the migrations run on the other.
  const dataSource = createDataSource({
    url,
    entities: [...usersFeature.entities, ...connectFeature.entities],
    migrations: [...migrations, ...messagingMigrations],
    poolSize: 2,
  });
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

async function seed(dataSource: DataSource, config: IdentityConfig): Promise<void> {
  if (config.NODE_ENV === 'production') throw new Error('The development seed does not run in production');
  const hasher = new PasswordHasher({
    memoryKib: config.IDENTITY_ARGON2_MEMORY_KIB,
    timeCost: config.IDENTITY_ARGON2_TIME_COST,
  });
  const added = await seedIdentity(dataSource, config, hasher);
  console.log(`Seeded ${added.users} user(s) and ${added.clients} client(s) (existing ones left as they were)`);
}

async function run(command: CliCommand): Promise<void> {
  const config = loadIdentityConfig();
  if (command === 'rotate-key') {
    // The new key signs from the next start; the previous ones stay in the JWKS (IDENTITY_KEYS_PUBLISHED).
    console.log(`New signing key: ${await createSigningKey(config.IDENTITY_KEYS_DIR)}`);
    return;
  }
  const url = config.IDENTITY_DATABASE_URL;
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openAndMigrate(url);
    if (command === 'seed') await seed(dataSource, config);
  } catch (error) {
    throw new Error(describeStartFailure(error, { PostgreSQL: url }));
  } finally {
    await dataSource?.destroy();
  }
}

const command = process.argv[2] ?? '';
if (!(COMMANDS as readonly string[]).includes(command)) {
  console.error(USAGE);
  process.exitCode = 2;
} else {
  run(command as CliCommand).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
