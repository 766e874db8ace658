import { handles, type RequestHandler } from '@shop/building-blocks/mediator';
import { toCents } from '@shop/building-blocks/money';
import { type Page, pageOffset, toPage } from '@shop/building-blocks/paging';
import { DbContext } from '@shop/building-blocks/persistence';
import { containsPattern } from '@shop/building-blocks/validation';
import { type ProductDto, toProductDto } from '../../product.dto';
import { Product } from '../../product.entity';
import { ListProductsQuery, type ProductSort } from './list-products.query';

const ORDER_BY: Record<ProductSort, [expression: string, direction: 'ASC' | 'DESC']> = {
  name: ['LOWER(product.name)', 'ASC'],
  '-name': ['LOWER(product.name)', 'DESC'],
  price: ['product.priceCents', 'ASC'],
  '-price': ['product.priceCents', 'DESC'],
  createdAt: ['product.createdAt', 'ASC'],
  '-createdAt': ['product.createdAt', 'DESC'],
};

@handles(ListProductsQuery)
export class ListProductsHandler implements RequestHandler<ListProductsQuery> {
  constructor(private readonly db: DbContext) {}

  async handle(query: ListProductsQuery): Promise<Page<ProductDto>> {
    const builder = this.db.repository(Product).createQueryBuilder('product');
    if (query.search !== undefined) {
      builder.andWhere('(product.name ILIKE :pattern OR product.description ILIKE :pattern)', {
        pattern: containsPattern(query.search),
      });
    }
    if (query.minPrice !== undefined) builder.andWhere('product.priceCents >= :min', { min: toCents(query.minPrice) });
    if (query.maxPrice !== undefined) builder.andWhere('product.priceCents <= :max', { max: toCents(query.maxPrice) });
    const [expression, direction] = ORDER_BY[query.sort];
    // The id breaks ties, so that rows with equal keys keep one order from page to page.
    builder
      .orderBy(expression, direction)
      .addOrderBy('product.id', 'ASC')
      .offset(pageOffset(query))
      .limit(query.pageSize);
    const [products, totalItems] = await builder.getManyAndCount();
    return toPage(products.map(toProductDto), totalItems, query);
  }
}
