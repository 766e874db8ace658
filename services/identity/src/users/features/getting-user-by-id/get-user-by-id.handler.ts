import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { UserNotFoundError } from '../../../errors';
import { toUserDto, type UserDto } from '../../user.dto';
import { User } from '../../user.entity';
import { GetUserByIdQuery } from './get-user-by-id.query';

@handles(GetUserByIdQuery)
export class GetUserByIdHandler implements RequestHandler<GetUserByIdQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetUserByIdQuery): Promise<UserDto> {
    const user = await this.db.repository(User).findOneBy({ id: query.id });
    if (!user) throw new UserNotFoundError(query.id);
    return toUserDto(user);
  }
}
