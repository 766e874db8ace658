import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type RefusedTokens, UNAUTHENTICATED_CASES } from './unauthenticated';

/** A protected route of the matrix. `url` is read when a test runs, because its target is created in `beforeAll`. */
export interface MatrixRoute {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: object;
}

/** A valid credential the route still refuses (wrong role, someone else's resource), and its exact status. */
export interface Refusal {
  name: string;
  authorization: () => string;
  status: 403 | 404;
}

export interface AuthorizationMatrix<TRoute extends MatrixRoute> {
  /** The service under test, read when a test runs. */
  app: () => Pick<FastifyInstance, 'inject'>;
  routes: readonly TRoute[];
  /** The tokens every protected route answers with 401. */
  tokens: () => RefusedTokens;
  /** The refusals beyond the 401 cases that apply to this route. */
  refusals: (route: TRoute) => readonly Refusal[];
  /** The state a refused request must leave as it was: the target row, or the whole table. */
  snapshot: () => Promise<unknown>;
}

/** Sends the route's request with this `Authorization` (none if undefined), e.g. to show a rightful caller gets in. */
export function sendAs(app: Pick<FastifyInstance, 'inject'>, route: MatrixRoute, authorization?: string) {
  return app.inject({
    method: route.method,
    url: route.url(),
    payload: route.payload,
    headers: authorization ? { authorization } : {},
  });
}

/**
 * Asserts the exact status as RFC 9457 problem details, the RFC 6750 §3 challenge on a 401, and that the snapshot
 * is unchanged: a refused write did not happen, not even in part.
 */
export async function expectRefused<TRoute extends MatrixRoute>(
  matrix: AuthorizationMatrix<TRoute>,
  route: TRoute,
  authorization: string | undefined,
  status: 401 | 403 | 404,
): Promise<void> {
  const before = await matrix.snapshot();
  const response = await sendAs(matrix.app(), route, authorization);
  expect(response.statusCode, `${route.method} ${route.url()}: ${response.body}`).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status });
  if (status === 401) expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="shop"/);
  expect(await matrix.snapshot()).toEqual(before);
}

/**
 * One `describe` per route: every 401 case of `UNAUTHENTICATED_CASES`, a malformed body without a token (refused
 * before it is parsed), then the route's own refusals. Call it inside the test file's `describe`, after the
 * `beforeAll` that starts the service.
 */
export function describeAuthorizationMatrix<TRoute extends MatrixRoute>(matrix: AuthorizationMatrix<TRoute>): void {
  describe.each(matrix.routes.map((route) => [route.name, route] as const))('%s', (_name, route) => {
    it.each(UNAUTHENTICATED_CASES)('$name -> 401', ({ authorization }) =>
      expectRefused(matrix, route, authorization(matrix.tokens()), 401),
    );

    it('no token and a malformed body -> 401, refused before parsing', async () => {
      const before = await matrix.snapshot();
      const response = await matrix.app().inject({
        method: route.method,
        url: route.url(),
        headers: { 'content-type': 'application/json' },
        payload: '{"broken": ',
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await matrix.snapshot()).toEqual(before);
    });

    for (const refusal of matrix.refusals(route)) {
      it(`${refusal.name} -> ${refusal.status}`, () =>
        expectRefused(matrix, route, refusal.authorization(), refusal.status));
    }
  });
}
