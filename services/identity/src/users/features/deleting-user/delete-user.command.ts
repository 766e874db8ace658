import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';

export class DeleteUserCommand extends Command<void> {
  @IsUUID()
  id: string;
}
