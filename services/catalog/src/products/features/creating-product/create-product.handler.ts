import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { CreateProductCommand } from './create-product.command';

@handles(CreateProductCommand)
export class CreateProductHandler implements RequestHandler<CreateProductCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: CreateProductCommand): Promise<ProductDto> {
    const product = await this.db.repository(Product).save(Product.create(command));
    return toProductDto(product);
  }
}
