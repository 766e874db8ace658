import { defineSlice } from '@shop/building-blocks/hosting';
import { UpdateUserCommand } from './update-user.command';
import { updateUserEndpoint } from './update-user.endpoint';
import { UpdateUserHandler } from './update-user.handler';

export const updatingUser = defineSlice({
  name: 'updating-user',
  requests: [UpdateUserCommand],
  handlers: [UpdateUserHandler],
  endpoints: [updateUserEndpoint],
});
