import { IsInt, IsISO8601, IsNumber, IsString, IsUUID } from 'class-validator';
import type { Product } from './product.entity';

/** A product as the API shows it (DESIGN §3). The decorators describe it in OpenAPI. */
export class ProductDto {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  @IsString()
  description: string;

  @IsNumber({ maxDecimalPlaces: 2 })
  price: number;

  @IsInt()
  availableStock: number;

  @IsInt()
  reservedStock: number;

  @IsISO8601()
  createdAt: Date;

  @IsISO8601()
  updatedAt: Date;
}

export function toProductDto(product: Product): ProductDto {
  return {
    id: product.id,
    name: product.name,
    description: product.description,
    price: product.price,
    availableStock: product.availableStock,
    reservedStock: product.reservedStock,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
