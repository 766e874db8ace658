import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { UserNotFoundError } from '../../../errors';
import { User } from '../../../users/user.entity';
import { GetUserInfoQuery, type UserInfo } from './get-userinfo.query';

@handles(GetUserInfoQuery)
export class GetUserInfoHandler implements RequestHandler<GetUserInfoQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetUserInfoQuery): Promise<UserInfo> {
    const user = await this.db.repository(User).findOneBy({ id: query.userId });
    if (!user) throw new UserNotFoundError(query.userId);
    return {
      sub: user.id,
      preferred_username: user.userName,
      email: user.email,
      given_name: user.firstName,
      family_name: user.lastName,
      role: user.role,
    };
  }
}
