import { Query } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import type { UserDto } from '../../user.dto';

export class GetUserByIdQuery extends Query<UserDto> {
  @IsUUID()
  id: string;
}
