import 'reflect-metadata';
import { runServiceCli } from '@shop/building-blocks/hosting';
import { loadIdentityConfig } from './config';
import { identityFeatures } from './features';
import { PasswordHasher } from './security/password-hasher';
import { createSigningKey } from './security/signing-keys';
import { seedIdentity } from './seed';

runServiceCli(process.argv.slice(2), ['rotate-key'], () => {
  const config = loadIdentityConfig();
  return {
    databaseUrl: config.IDENTITY_DATABASE_URL,
    features: identityFeatures,
    seed: async (dataSource) => {
      if (config.NODE_ENV === 'production') throw new Error('The development seed does not run in production');
      const hasher = new PasswordHasher({
        memoryKib: config.IDENTITY_ARGON2_MEMORY_KIB,
        timeCost: config.IDENTITY_ARGON2_TIME_COST,
      });
      const added = await seedIdentity(dataSource, config, hasher);
      return `Seeded ${added.users} user(s) and ${added.clients} client(s) (existing ones left as they were)`;
    },
    commands: {
      // The new key signs from the next start; the previous ones stay in the JWKS (IDENTITY_KEYS_PUBLISHED).
      'rotate-key': async () => `New signing key: ${await createSigningKey(config.IDENTITY_KEYS_DIR)}`,
    },
  };
});
