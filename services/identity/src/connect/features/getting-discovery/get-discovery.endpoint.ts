import type { Endpoint } from '@shop/building-blocks/http';
import { GetDiscoveryQuery } from './get-discovery.query';

/** Public metadata; cacheable. */
export const getDiscoveryEndpoint: Endpoint = (app) => {
  app.get(
    '/.well-known/openid-configuration',
    { schema: { tags: ['connect'], summary: 'Discovery document (OpenID Connect Discovery §4)' } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return app.mediator.send(new GetDiscoveryQuery());
    },
  );
};
