import { defineFeature } from '@shop/building-blocks/hosting';
import { CreateProducts1763700000000 } from '../migrations/1763700000000-create-products';
import { CreateStockReservations1764000000000 } from '../migrations/1764000000000-create-stock-reservations';
import { creatingProduct } from './features/creating-product/create-product.slice';
import { deletingProduct } from './features/deleting-product/delete-product.slice';
import { gettingProductById } from './features/getting-product-by-id/get-product-by-id.slice';
import { gettingProducts } from './features/getting-products/get-products.slice';
import { listingProducts } from './features/listing-products/list-products.slice';
import { releasingStock } from './features/releasing-stock/release-stock.slice';
import { reservingStock } from './features/reserving-stock/reserve-stock.slice';
import { restockingProduct } from './features/restocking-product/restock-product.slice';
import { updatingProduct } from './features/updating-product/update-product.slice';
import { Product } from './product.entity';

/** The products feature: a slice is one line here (and its folder under `features/`). */
export const productsFeature = defineFeature({
  name: 'products',
  entities: [Product],
  migrations: [CreateProducts1763700000000, CreateStockReservations1764000000000],
  slices: [
    creatingProduct,
    gettingProductById,
    listingProducts,
    updatingProduct,
    deletingProduct,
    restockingProduct,
    gettingProducts,
    reservingStock,
    releasingStock,
  ],
});
