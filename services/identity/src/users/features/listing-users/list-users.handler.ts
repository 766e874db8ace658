import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { type Page, pageOffset, toPage } from '@shop/building-blocks/paging';
import { DbContext } from '@shop/building-blocks/persistence';
import { containsPattern } from '@shop/building-blocks/validation';
import { toUserDto, type UserDto } from '../../user.dto';
import { User } from '../../user.entity';
import { ListUsersQuery } from './list-users.query';

@handles(ListUsersQuery)
export class ListUsersHandler implements RequestHandler<ListUsersQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: ListUsersQuery): Promise<Page<UserDto>> {
    const builder = this.db.repository(User).createQueryBuilder('user');
    const search = query.search?.trim();
    if (search) {
      builder.where(
        '(user.user_name ILIKE :pattern OR user.email ILIKE :pattern OR user.first_name ILIKE :pattern OR user.last_name ILIKE :pattern)',
        { pattern: containsPattern(search) },
      );
    }
    const [users, totalItems] = await builder
      .orderBy('user.created_at', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .skip(pageOffset(query))
      .take(query.pageSize)
      .getManyAndCount();
    return toPage(users.map(toUserDto), totalItems, query);
  }
}
