import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductUpdated } from '@shop/contracts';
import { ProductNotFoundError } from '../../../errors';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { UpdateProductCommand } from './update-product.command';

@handles(UpdateProductCommand)
export class UpdateProductHandler implements RequestHandler<UpdateProductCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: UpdateProductCommand): Promise<ProductDto> {
    const products = this.db.repository(Product);
    // Locked until commit, so a concurrent update or reservation waits instead of overwriting this one.
    const product = await products.findOne({ where: { id: command.id }, lock: { mode: 'pessimistic_write' } });
    if (!product) throw new ProductNotFoundError(command.id);
    product.rename(command);
    const saved = await products.save(product);
    await this.outbox.add(ProductUpdated, {
      productId: saved.id,
      name: saved.name,
      description: saved.description,
      price: saved.price,
      updatedAt: new Date(saved.updatedAt).toISOString(),
    });
    return toProductDto(saved);
  }
}
