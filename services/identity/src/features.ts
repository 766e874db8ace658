import { messagingFeature } from '@shop/building-blocks/messaging';
import { connectFeature } from './connect';
import { usersFeature } from './users';

/** Everything identity is made of: what the service host, the CLI and the tests read. */
export const identityFeatures = [messagingFeature, connectFeature, usersFeature];
