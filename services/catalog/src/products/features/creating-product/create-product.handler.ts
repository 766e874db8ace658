import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { Outbox } from '@shop/building-blocks/messaging';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductCreated } from '@shop/contracts';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { CreateProductCommand } from './create-product.command';

@handles(CreateProductCommand)
export class CreateProductHandler implements RequestHandler<CreateProductCommand> {
  constructor(
    private readonly db: DbContext,
    private readonly outbox: Outbox,
  ) {}

  async handle(command: CreateProductCommand): Promise<ProductDto> {
    const product = await this.db.repository(Product).save(Product.create(command));
    // Same transaction as the insert (unit of work): the event goes out if and only if the product exists.
    await this.outbox.add(ProductCreated, {
      productId: product.id,
      name: product.name,
      description: product.description,
      price: product.price,
      availableStock: product.availableStock,
      createdAt: new Date(product.createdAt).toISOString(),
    });
    return toProductDto(product);
  }
}
