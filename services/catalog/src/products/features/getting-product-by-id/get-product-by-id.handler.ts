import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { DbContext } from '@shop/building-blocks/persistence';
import { ProductNotFoundError } from '../../../errors';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { GetProductByIdQuery } from './get-product-by-id.query';

@handles(GetProductByIdQuery)
export class GetProductByIdHandler implements RequestHandler<GetProductByIdQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: GetProductByIdQuery): Promise<ProductDto> {
    const product = await this.db.repository(Product).findOneBy({ id: query.id });
    if (!product) throw new ProductNotFoundError(query.id);
    return toProductDto(product);
  }
}
