import type { Endpoint } from '@shop/building-blocks/http';
import { GetJwksQuery } from './get-jwks.query';

/** RFC 7517 key set; cacheable, so verifiers do not call identity for every token. */
export const getJwksEndpoint: Endpoint = (app) => {
  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['connect'], summary: 'Public signing keys (RFC 7517)' } },
    async (_request, reply) => {
      // Short: after a rotation, verifiers that cache by max-age see the new key within minutes.
      reply.header('cache-control', 'public, max-age=300');
      return app.mediator.send(new GetJwksQuery());
    },
  );
};
