import { Query } from '@shop/building-blocks/mediator';
import { IsUUID } from 'class-validator';
import type { ProductDto } from '../../product.dto';

export class GetProductByIdQuery extends Query<ProductDto> {
  @IsUUID()
  id: string;
}
