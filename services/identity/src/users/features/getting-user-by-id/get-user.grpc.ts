import type { UnaryHandler } from '@shop/building-blocks/grpc';
import type { Mediator } from '@shop/building-blocks/mediator';
import type { UserDto } from '../../user.dto';
import { GetUserByIdQuery } from './get-user-by-id.query';

/** The scope a service token needs to call `IdentityService` (order's client has it). */
export const IDENTITY_USERS_READ = 'identity.users.read';

/** shop.identity.v1.GetUserResponse, camelCased by the proto loader: the user as the API shows it, without dates. */
export type GetUserReply = Omit<UserDto, 'createdAt' | 'updatedAt'>;

/** `IdentityService/GetUser`: the same query as the HTTP route, answered over gRPC (DESIGN §6). */
export function getUserGrpc(mediator: Mediator): UnaryHandler<{ id: string }, GetUserReply> {
  return async (request) => {
    const { createdAt, updatedAt, ...reply } = await mediator.send(
      Object.assign(new GetUserByIdQuery(), { id: request.id }),
    );
    return reply;
  };
}
