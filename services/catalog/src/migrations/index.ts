import { messagingMigrations } from '@shop/building-blocks/messaging';
import { CreateProducts1763700000000 } from './1763700000000-create-products';

/** Every migration, in order; listed explicitly so the build never depends on a file glob. */
export const migrations = [CreateProducts1763700000000, ...messagingMigrations];
