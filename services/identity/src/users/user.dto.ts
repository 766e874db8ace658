import { IsIn, IsISO8601, IsString, IsUUID } from 'class-validator';
import type { User } from './user.entity';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  @IsUUID()
  id: string;

  @IsString()
  userName: string;

  @IsString()
  email: string;

  @IsString()
  firstName: string;

  @IsString()
  lastName: string;

  @IsIn(['admin', 'customer'])
  role: string;

  @IsISO8601()
  createdAt: Date;

  @IsISO8601()
  updatedAt: Date;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    userName: user.userName,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
