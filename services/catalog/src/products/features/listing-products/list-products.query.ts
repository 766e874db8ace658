import { PagedQuery } from '@shop/building-blocks/paging';
import { IsSearchTerm } from '@shop/building-blocks/validation';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, registerDecorator, type ValidationArguments } from 'class-validator';
import type { ProductDto } from '../../product.dto';
import { IsPrice } from '../../product.rules';

export const PRODUCT_SORTS = ['name', '-name', 'price', '-price', 'createdAt', '-createdAt'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Fails when the decorated bound is below the bound named by `lowerBound`, so the error names this field. */
function IsNotBelow(lowerBound: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotBelow',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [lowerBound],
      options: { message: `$property must not be less than ${lowerBound}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const lower = (args.object as Record<string, unknown>)[lowerBound];
          return typeof value !== 'number' || typeof lower !== 'number' || value >= lower;
        },
      },
    });
}

/** Query-string values arrive as strings; `@Type(() => Number)` converts them and the rules then check the numbers. */
export class ListProductsQuery extends PagedQuery<ProductDto> {
  /** Case-insensitive text to find in the name or the description. */
  @IsOptional()
  @IsSearchTerm(200)
  search?: string;

  /** Lowest price to include, in currency units. */
  @IsOptional()
  @Type(() => Number)
  @IsPrice()
  minPrice?: number;

  /** Highest price to include, in currency units; not below `minPrice`. */
  @IsOptional()
  @Type(() => Number)
  @IsPrice()
  @IsNotBelow('minPrice')
  maxPrice?: number;

  /** A field to sort by; a leading `-` sorts descending. */
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort: ProductSort = '-createdAt';
}
