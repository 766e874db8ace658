import { Query } from '@shop/building-blocks/mediator';
import type { JSONWebKeySet } from 'jose';

/** RFC 7517 §5: the public keys that verify identity's tokens. */
export class GetJwksQuery extends Query<JSONWebKeySet> {}
