import type { GrpcClient } from '@shop/building-blocks/grpc';
import { UnknownProductsError } from '../errors';

export interface CatalogProduct {
  id: string;
  name: string;
  unitPriceCents: number;
  availableStock: number;
}

/** Catalog's products as the order service sees them (injected as `OrderTokens.CatalogProducts`). */
export interface CatalogProducts {
  /** Every product of `ids`, or 422 naming the unknown ones. */
  get(ids: readonly string[]): Promise<CatalogProduct[]>;
}

/** `shop.catalog.v1.CatalogService/GetProducts` (DESIGN §6): a read, so it may be retried. */
export class GrpcCatalogProducts implements CatalogProducts {
  constructor(private readonly client: GrpcClient) {}

  async get(ids: readonly string[]): Promise<CatalogProduct[]> {
    const reply = await this.client.call<{ ids: readonly string[] }, { products: CatalogProduct[] }>(
      'GetProducts',
      { ids },
      { idempotent: true, notFound: (details) => new UnknownProductsError(details) },
    );
    return reply.products;
  }
}
