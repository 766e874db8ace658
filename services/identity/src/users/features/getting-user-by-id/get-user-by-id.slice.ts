import { IDENTITY_SERVICE } from '@shop/building-blocks/grpc';
import { defineSlice } from '@shop/building-blocks/hosting';
import { getUserGrpc, IDENTITY_USERS_READ } from './get-user.grpc';
import { getUserByIdEndpoint } from './get-user-by-id.endpoint';
import { GetUserByIdHandler } from './get-user-by-id.handler';
import { GetUserByIdQuery } from './get-user-by-id.query';

export const gettingUserById = defineSlice({
  name: 'getting-user-by-id',
  requests: [GetUserByIdQuery],
  handlers: [GetUserByIdHandler],
  endpoints: [getUserByIdEndpoint],
  grpc: [{ service: IDENTITY_SERVICE, scope: IDENTITY_USERS_READ, methods: { GetUser: getUserGrpc } }],
});
