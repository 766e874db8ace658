import type { Endpoint } from '@shop/building-blocks/http';
import { deleteUserEndpoint } from './features/deleting-user/delete-user.endpoint';
import { DeleteUserHandler } from './features/deleting-user/delete-user.handler';
import { getUserGrpc, IDENTITY_USERS_READ } from './features/getting-user-by-id/get-user.grpc';
import { getUserByIdEndpoint } from './features/getting-user-by-id/get-user-by-id.endpoint';
import { GetUserByIdHandler } from './features/getting-user-by-id/get-user-by-id.handler';
import { listUsersEndpoint } from './features/listing-users/list-users.endpoint';
import { ListUsersHandler } from './features/listing-users/list-users.handler';
import { registerUserEndpoint } from './features/registering-user/register-user.endpoint';
import { RegisterUserHandler } from './features/registering-user/register-user.handler';
import { updateUserEndpoint } from './features/updating-user/update-user.endpoint';
import { UpdateUserHandler } from './features/updating-user/update-user.handler';
import { User } from './user.entity';

/** The users feature: its entity, endpoints, and the handlers the mediator dispatches to. */
export const usersFeature = {
  entities: [User],
  endpoints: [
    registerUserEndpoint,
    getUserByIdEndpoint,
    listUsersEndpoint,
    updateUserEndpoint,
    deleteUserEndpoint,
  ] satisfies Endpoint[],
  grpc: { GetUser: getUserGrpc, scope: IDENTITY_USERS_READ },
  handlers: [RegisterUserHandler, GetUserByIdHandler, ListUsersHandler, UpdateUserHandler, DeleteUserHandler],
};
