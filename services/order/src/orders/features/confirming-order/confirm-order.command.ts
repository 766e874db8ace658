import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';

/** Catalog reserved every line of the order (`StockReserved`). */
export class ConfirmOrderCommand extends Command {
  @IsUUID()
  orderId: string;
}
