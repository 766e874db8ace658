import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import type { ProductDto } from '../../product.dto';
import { IsQuantity } from '../../product.rules';

export class RestockProductCommand extends Command<ProductDto> {
  @IsUUID()
  id: string;

  /** Units to add to the available stock. */
  @IsQuantity(1)
  quantity: number;
}
