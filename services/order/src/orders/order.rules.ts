import { composeRules, IsText } from '@shop/building-blocks/validation';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** Field rules of the order requests, shared so that Swagger and every request agree. */
export const MAX_LINES = 50;
export const MAX_QUANTITY = 1_000;

export class OrderItemInput {
  @IsUUID()
  productId: string;

  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
}

export class ShippingAddressInput {
  @IsText({ maxLength: 200, notBlank: true })
  line1: string;

  @IsText({ maxLength: 100, notBlank: true })
  city: string;

  @IsText({ maxLength: 20, notBlank: true })
  postalCode: string;

  /** A country name or ISO 3166 code, as the customer writes it. */
  @IsText({ maxLength: 56, notBlank: true })
  country: string;
}

export const IsOrderItems = () =>
  composeRules(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_LINES),
    ValidateNested({ each: true }),
    Type(() => OrderItemInput),
  );

export const IsShippingAddress = () =>
  composeRules(
    IsObject(),
    ValidateNested(),
    Type(() => ShippingAddressInput),
  );
