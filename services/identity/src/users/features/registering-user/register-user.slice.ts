import { defineSlice } from '@shop/building-blocks/hosting';
import { RegisterUserCommand } from './register-user.command';
import { registerUserEndpoint } from './register-user.endpoint';
import { RegisterUserHandler } from './register-user.handler';

export const registeringUser = defineSlice({
  name: 'registering-user',
  requests: [RegisterUserCommand],
  handlers: [RegisterUserHandler],
  endpoints: [registerUserEndpoint],
});
