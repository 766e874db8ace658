import { Command } from '@shop/building-blocks/mediator';
import type { UserDto } from '../../user.dto';
import { IsNewPassword, IsPersonName, IsUserEmail, IsUserName } from '../../user.rules';

export class RegisterUserCommand extends Command<UserDto> {
  @IsPersonName()
  firstName: string;

  @IsPersonName()
  lastName: string;

  @IsUserName()
  userName: string;

  @IsUserEmail()
  email: string;

  @IsNewPassword()
  password: string;
}
