import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { PasswordHasher } from '../../../security/password-hasher';
import { User } from '../../../users/user.entity';
import { ClientAuthenticator } from '../../client-authenticator';
import { type GrantResult, grantScope, OAuthFailure } from '../../oauth';
import { TokenIssuer } from '../../token-issuer';
import { PasswordGrantCommand } from './password-grant.command';

@handles(PasswordGrantCommand)
export class PasswordGrantHandler implements RequestHandler<PasswordGrantCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly clients: ClientAuthenticator,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
  ) {}

  async handle(command: PasswordGrantCommand): Promise<GrantResult> {
    const client = await this.clients.authenticate(command, 'password');
    if (client instanceof OAuthFailure) return client;
    const scope = grantScope(command.scope, client.scopes);
    if (scope instanceof OAuthFailure) return scope;
    const user = await this.db
      .repository(User)
      .createQueryBuilder('user')
      .where('lower(user.user_name) = lower(:userName)', { userName: command.userName })
      .getOne();
    // An unknown user still costs one argon2 verify: same status, body and work as a wrong password.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, command.password)
      : await this.hasher.verifyAgainstDummy(command.password);
    if (!user || !valid) return new OAuthFailure('invalid_grant', 'The user name or password is incorrect');
    return this.issuer.forUser(user, client, scope);
  }
}
