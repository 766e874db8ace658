import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductDeleted } from '@shop/contracts';
import { ProductNotFoundError } from '../../../errors';
import { Product } from '../../product.entity';
import { DeleteProductCommand } from './delete-product.command';

@handles(DeleteProductCommand)
export class DeleteProductHandler implements RequestHandler<DeleteProductCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: DeleteProductCommand): Promise<void> {
    const products = this.db.repository(Product);
    // Locked until commit, so a reservation cannot slip in between the check and the delete.
    const product = await products.findOne({ where: { id: command.id }, lock: { mode: 'pessimistic_write' } });
    if (!product) throw new ProductNotFoundError(command.id);
    product.ensureDeletable();
    await products.delete({ id: command.id });
    await this.outbox.add(ProductDeleted, { productId: command.id, deletedAt: new Date().toISOString() });
  }
}
