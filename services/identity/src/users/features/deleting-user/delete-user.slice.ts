import { defineSlice } from '@shop/building-blocks/hosting';
import { DeleteUserCommand } from './delete-user.command';
import { deleteUserEndpoint } from './delete-user.endpoint';
import { DeleteUserHandler } from './delete-user.handler';

export const deletingUser = defineSlice({
  name: 'deleting-user',
  requests: [DeleteUserCommand],
  handlers: [DeleteUserHandler],
  endpoints: [deleteUserEndpoint],
});
