import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import { payloadField } from '../../payload-field';

/** Give back whatever is reserved for the order; taken in from `OrderCancelled` and `OrderRejected`. */
export class ReleaseStockCommand extends Command {
  @IsUUID()
  orderId: string;

  static from(payload: unknown): ReleaseStockCommand {
    return Object.assign(new ReleaseStockCommand(), { orderId: payloadField(payload, 'orderId') });
  }
}
