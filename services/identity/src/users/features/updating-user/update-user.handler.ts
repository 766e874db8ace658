import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { UserNotFoundError } from '../../../errors';
import { asDuplicateError, ensureUnique } from '../../unique-user';
import { toUserDto, type UserDto } from '../../user.dto';
import { User } from '../../user.entity';
import { UpdateUserCommand } from './update-user.command';

@handles(UpdateUserCommand)
export class UpdateUserHandler implements RequestHandler<UpdateUserCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: UpdateUserCommand): Promise<UserDto> {
    const users = this.db.repository(User);
    const user = await users.findOneBy({ id: command.id });
    if (!user) throw new UserNotFoundError(command.id);
    await ensureUnique(this.db, { email: command.email }, user.id);
    user.changeProfile(command);
    try {
      return toUserDto(await users.save(user));
    } catch (error) {
      throw asDuplicateError(error);
    }
  }
}
