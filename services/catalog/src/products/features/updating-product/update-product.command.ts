import { Command } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import type { ProductDto } from '../../product.dto';
import { IsPrice, IsProductDescription, IsProductName } from '../../product.rules';

/** Replaces a product's name, description and price; stock changes through restocking and orders only. */
export class UpdateProductCommand extends Command<ProductDto> {
  @IsUUID()
  id: string;

  @IsProductName()
  name: string;

  @IsProductDescription()
  description: string;

  /** In currency units with at most two decimals, e.g. `19.99`. */
  @IsPrice()
  price: number;
}
