import { Query } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';

/** OpenID Connect Core §5.3 claims of the token's user. */
export interface UserInfo {
  sub: string;
  preferred_username: string;
  email: string;
  given_name: string;
  family_name: string;
  role: string;
}

export class GetUserInfoQuery extends Query<UserInfo> {
  @IsUUID()
  userId: string;
}
