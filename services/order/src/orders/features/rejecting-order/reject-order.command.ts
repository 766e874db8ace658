import { Command } from '@shop/building-blocks/mediator';
import { IsText } from '@shop/building-blocks/validation';
import { IsUUID } from 'class-validator';

/** Catalog could not reserve the order's stock (`StockReservationFailed`). */
export class RejectOrderCommand extends Command {
  @IsUUID()
  orderId: string;

  @IsText({ minLength: 1, maxLength: 500 })
  reason: string;
}
