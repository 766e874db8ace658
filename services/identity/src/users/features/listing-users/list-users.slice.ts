import { defineSlice } from '@shop/building-blocks/hosting';
import { listUsersEndpoint } from './list-users.endpoint';
import { ListUsersHandler } from './list-users.handler';
import { ListUsersQuery } from './list-users.query';

export const listingUsers = defineSlice({
  name: 'listing-users',
  requests: [ListUsersQuery],
  handlers: [ListUsersHandler],
  endpoints: [listUsersEndpoint],
});
