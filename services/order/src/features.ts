import { messagingFeature } from '@shop/building-blocks/messaging';
import { ordersFeature } from './orders';

/** Everything the order service is made of: what the service host, the CLI and the tests read. */
export const orderFeatures = [messagingFeature, ordersFeature];
