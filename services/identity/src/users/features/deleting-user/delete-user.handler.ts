import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { UserNotFoundError } from '../../../errors';
import { User } from '../../user.entity';
import { DeleteUserCommand } from './delete-user.command';

@handles(DeleteUserCommand)
export class DeleteUserHandler implements RequestHandler<DeleteUserCommand> {
  constructor(private readonly db: DbContext) {}

  /** The user's refresh tokens go with them (ON DELETE CASCADE), so no session outlives the account. */
  async handle(command: DeleteUserCommand): Promise<void> {
    const result = await this.db.repository(User).delete({ id: command.id });
    if (!result.affected) throw new UserNotFoundError(command.id);
  }
}
