import { CreateIdentity1763800000000 } from './1763800000000-create-identity';

/** Every migration, in order; listed explicitly so the build never depends on a file glob. */
export const migrations = [CreateIdentity1763800000000];
