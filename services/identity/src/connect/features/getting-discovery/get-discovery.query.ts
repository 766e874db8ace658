import { Query } from '@shop/building-blocks/mediator';

/** OpenID Connect Discovery 1.0 §3 / RFC 8414 §2 metadata. */
export type DiscoveryDocument = Record<string, string | string[]>;

export class GetDiscoveryQuery extends Query<DiscoveryDocument> {}
