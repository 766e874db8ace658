import type { DataSource } from 'typeorm';
import type { IdentityConfig } from './config';
import { Client, type GrantType } from './connect/client.entity';
import type { PasswordHasher } from './security/password-hasher';
import { User } from './users/user.entity';

export interface SeedClient {
  id: string;
  secret?: string;
  grantTypes: GrantType[];
  scopes: string[];
}

/** The development clients: the public `shop-client` (Swagger UI, shop.rest) and one per calling service. */
export function developmentClients(config: IdentityConfig): SeedClient[] {
  return [
    { id: 'shop-client', grantTypes: ['password', 'refresh_token'], scopes: ['openid', 'profile', 'shop.api'] },
    {
      id: 'catalog-service',
      secret: config.IDENTITY_CATALOG_CLIENT_SECRET,
      grantTypes: ['client_credentials'],
      scopes: ['identity.users.read'],
    },
    {
      id: 'order-service',
      secret: config.IDENTITY_ORDER_CLIENT_SECRET,
      grantTypes: ['client_credentials'],
      scopes: ['identity.users.read', 'catalog.products.read'],
    },
  ];
}

/**
 * Development seed: the `admin` user (password from IDENTITY_ADMIN_PASSWORD, a dev-only default) and the clients.
 * Idempotent: existing rows are left as they are, so a re-seed never resets a changed password.
 */
export async function seedIdentity(
  dataSource: DataSource,
  config: IdentityConfig,
  hasher: PasswordHasher,
  clients: SeedClient[] = developmentClients(config),
): Promise<{ users: number; clients: number }> {
  let users = 0;
  const userRepository = dataSource.getRepository(User);
  if (!(await userRepository.existsBy({ userName: 'admin' }))) {
    const admin = User.create({
      userName: 'admin',
      email: 'admin@shop.example',
      firstName: 'Shop',
      lastName: 'Admin',
      passwordHash: await hasher.hash(config.IDENTITY_ADMIN_PASSWORD),
      role: 'admin',
    });
    await userRepository.insert(admin);
    users += 1;
  }
  let created = 0;
  const clientRepository = dataSource.getRepository(Client);
  for (const client of clients) {
    if (await clientRepository.existsBy({ id: client.id })) continue;
    await clientRepository.insert({
      id: client.id,
      secretHash: client.secret ? await hasher.hash(client.secret) : null,
      grantTypes: client.grantTypes,
      scopes: client.scopes,
      enabled: true,
    });
    created += 1;
  }
  return { users, clients: created };
}
