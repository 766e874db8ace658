import { PagedQuery } from '@shop/building-blocks/paging';
import { IsSearchTerm } from '@shop/building-blocks/validation';
import { IsOptional } from 'class-validator';
import type { UserDto } from '../../user.dto';

export class ListUsersQuery extends PagedQuery<UserDto> {
  /** Matches user name, email, first or last name, case-insensitively. */
  @IsOptional()
  @IsSearchTerm(100)
  search?: string;
}
