import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductNotFoundError } from '../../../errors';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { RestockProductCommand } from './restock-product.command';

@handles(RestockProductCommand)
export class RestockProductHandler implements RequestHandler<RestockProductCommand> {
  constructor(private readonly db: DbContext) {}

  async handle(command: RestockProductCommand): Promise<ProductDto> {
    const products = this.db.repository(Product);
    // Locked until commit, so concurrent restocks add up instead of overwriting each other.
    const product = await products.findOne({ where: { id: command.id }, lock: { mode: 'pessimistic_write' } });
    if (!product) throw new ProductNotFoundError(command.id);
    product.restock(command.quantity);
    return toProductDto(await products.save(product));
  }
}
