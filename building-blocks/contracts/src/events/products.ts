import { defineEvent, money, objectSchema, text, timestamp, uuid } from '../event-definition';

export interface ProductCreatedV1 {
  productId: string;
  name: string;
  description: string;
  price: number;
  availableStock: number;
  createdAt: string;
}

export const ProductCreated = defineEvent<ProductCreatedV1>(
  'ProductCreated',
  1,
  objectSchema({
    productId: uuid,
    name: text(200),
    description: text(2000),
    price: money,
    availableStock: { type: 'integer', minimum: 0 },
    createdAt: timestamp,
  }),
);

export interface ProductUpdatedV1 {
  productId: string;
  name: string;
  description: string;
  price: number;
  updatedAt: string;
}

export const ProductUpdated = defineEvent<ProductUpdatedV1>(
  'ProductUpdated',
  1,
  objectSchema({ productId: uuid, name: text(200), description: text(2000), price: money, updatedAt: timestamp }),
);

export interface ProductDeletedV1 {
  productId: string;
  deletedAt: string;
}

export const ProductDeleted = defineEvent<ProductDeletedV1>(
  'ProductDeleted',
  1,
  objectSchema({ productId: uuid, deletedAt: timestamp }),
);
