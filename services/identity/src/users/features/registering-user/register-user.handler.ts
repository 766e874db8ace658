import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { UserRegistered } from '@shop/contracts';
import { PasswordHasher } from '../../../security/password-hasher';
import { asDuplicateError, ensureUnique } from '../../unique-user';
import { toUserDto, type UserDto } from '../../user.dto';
import { User } from '../../user.entity';
import { RegisterUserCommand } from './register-user.command';

@handles(RegisterUserCommand)
export class RegisterUserHandler implements RequestHandler<RegisterUserCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: RegisterUserCommand): Promise<UserDto> {
    await ensureUnique(this.db, command);
    const user = User.create({
      userName: command.userName,
      email: command.email,
      firstName: command.firstName,
      lastName: command.lastName,
      passwordHash: await this.hasher.hash(command.password),
      role: 'customer',
    });
    try {
      await this.db.repository(User).insert(user);
    } catch (error) {
      throw asDuplicateError(error);
    }
    const saved = await this.db.repository(User).findOneByOrFail({ id: user.id });
    // Named fields only: the event can never pick up the hash by spreading the entity (DESIGN §5).
    await this.outbox.add(UserRegistered, {
      userId: saved.id,
      userName: saved.userName,
      email: saved.email,
      firstName: saved.firstName,
      lastName: saved.lastName,
      role: saved.role,
      registeredAt: saved.createdAt.toISOString(),
    });
    return toUserDto(saved);
  }
}
