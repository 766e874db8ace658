import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import type { UserDto } from '../../user.dto';
import { IsPersonName, IsUserEmail } from '../../user.rules';

/** Names and email; the user name, role and password are not changed here. */
export class UpdateUserCommand extends Command<UserDto> {
  @IsUUID()
  id: string;

  @IsPersonName()
  firstName: string;

  @IsPersonName()
  lastName: string;

  @IsUserEmail()
  email: string;
}
