import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductNotFoundError } from '../../../errors';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { UpdateProductCommand } from './update-product.command';

@handles(UpdateProductCommand)
export class UpdateProductHandler implements RequestHandler<UpdateProductCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: UpdateProductCommand): Promise<ProductDto> {
    const products = this.db.repository(Product);
    // Locked until commit, so a concurrent update or reservation waits instead of overwriting this one.
    const product = await products.findOne({ where: { id: command.id }, lock: { mode: 'pessimistic_write' } });
    if (!product) throw new ProductNotFoundError(command.id);
    product.rename(command);
    return toProductDto(await products.save(product));
  }
}
