import { PagedQuery } from '@shop/building-blocks/paging';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { UserDto } from '../../user.dto';

export class ListUsersQuery extends PagedQuery<UserDto> {
  /** Matches user name, email, first or last name, case-insensitively. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
