import fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

// What the bare baselines (bare-product-server.ts, bare-order-server.ts) share: the pool sized as the services'
// (POOL_SIZE, default 10), a fastify app with no logger and a `/ready` route, and a listen that ends cleanly on
// SIGTERM or SIGINT.
export function bareServer(): { app: FastifyInstance; pool: pg.Pool; listen: () => Promise<void> } {
  const port = Number(process.env.PORT);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  const app = fastify({ logger: false });
  app.get('/ready', async () => ({ status: 'ready' }));
  const listen = async () => {
    const close = async () => {
      await app.close();
      await pool.end();
      process.exit(0);
    };
    process.once('SIGTERM', close);
    process.once('SIGINT', close);
    await app.listen({ host: '127.0.0.1', port });
  };
  return { app, pool, listen };
}
