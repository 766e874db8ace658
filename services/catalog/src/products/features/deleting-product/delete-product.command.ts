import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';

export class DeleteProductCommand extends Command<void> {
  @IsUUID()
  id: string;
}
