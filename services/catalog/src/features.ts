import { messagingFeature } from '@shop/building-blocks/messaging';
import { productsFeature } from './products';

/** Everything the catalog is made of: what the service host, the CLI and the tests read. */
export const catalogFeatures = [messagingFeature, productsFeature];
