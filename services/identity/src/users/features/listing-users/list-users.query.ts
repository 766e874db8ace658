import { Query } from '@shop/building-blocks/mediator';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { UserPageDto } from '../../user.dto';

export class ListUsersQuery extends Query<UserPageDto> {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  /** Matches user name, email, first or last name, case-insensitively. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
