import { defineFeature } from '@shop/building-blocks/hosting';
import { CreateIdentity1763800000000 } from '../migrations/1763800000000-create-identity';
import { deletingUser } from './features/deleting-user/delete-user.slice';
import { gettingUserById } from './features/getting-user-by-id/get-user-by-id.slice';
import { listingUsers } from './features/listing-users/list-users.slice';
import { registeringUser } from './features/registering-user/register-user.slice';
import { updatingUser } from './features/updating-user/update-user.slice';
import { User } from './user.entity';

/** The users feature: a slice is one line here (and its folder under `features/`). */
export const usersFeature = defineFeature({
  name: 'users',
  entities: [User],
  // The first migration created connect's tables too (they reference users); later ones belong to the feature
  // whose tables they change.
  migrations: [CreateIdentity1763800000000],
  slices: [registeringUser, gettingUserById, listingUsers, updatingUser, deletingUser],
});
