import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { toUserDto, type UserPageDto } from '../../user.dto';
import { User } from '../../user.entity';
import { ListUsersQuery } from './list-users.query';

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

@handles(ListUsersQuery)
export class ListUsersHandler implements RequestHandler<ListUsersQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: ListUsersQuery): Promise<UserPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const builder = this.db.repository(User).createQueryBuilder('user');
    const search = query.search?.trim();
    if (search) {
      builder.where(
        '(user.user_name ILIKE :pattern OR user.email ILIKE :pattern OR user.first_name ILIKE :pattern OR user.last_name ILIKE :pattern)',
        { pattern: likePattern(search) },
      );
    }
    const [users, totalItems] = await builder
      .orderBy('user.created_at', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      items: users.map(toUserDto),
      page,
      pageSize,
      totalItems,
      totalPages: Math.ceil(totalItems / pageSize),
    };
  }
}
