import { Command } from '@shop/building-blocks/mediator';
import { ArrayMinSize, IsArray, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { payloadField } from '../../payload-field';

/** One line of a placed order, as far as stock is concerned. */
export class ReserveStockLine {
  @IsUUID()
  productId: string;

  @IsInt()
  @Min(1)
  quantity: number;

  static from(item: unknown): ReserveStockLine {
    return Object.assign(new ReserveStockLine(), {
      productId: payloadField(item, 'productId'),
      quantity: payloadField(item, 'quantity'),
    });
  }
}

/** Reserve every line of the order or none (DESIGN §4); taken in from `OrderPlaced`. */
export class ReserveStockCommand extends Command {
  @IsUUID()
  orderId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  items: ReserveStockLine[];

  static from(payload: unknown): ReserveStockCommand {
    const items = payloadField(payload, 'items');
    return Object.assign(new ReserveStockCommand(), {
      orderId: payloadField(payload, 'orderId'),
      items: Array.isArray(items) ? items.map(ReserveStockLine.from) : items,
    });
  }
}
