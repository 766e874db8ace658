import { Command } from '@shop/building-blocks/mediator';
import type { ProductDto } from '../../product.dto';
import { IsPrice, IsProductDescription, IsProductName, IsQuantity } from '../../product.rules';

export class CreateProductCommand extends Command<ProductDto> {
  @IsProductName()
  name: string;

  @IsProductDescription()
  description: string;

  /** In currency units with at most two decimals, e.g. `19.99`. */
  @IsPrice()
  price: number;

  /** Units available for sale. */
  @IsQuantity(0)
  stock: number;
}
