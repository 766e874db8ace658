import fastify from 'fastify';
import pg from 'pg';

// The baseline of the catalog-get-by-id scenario: the least code that answers GET /products/{id} from the same
// table with the same single-row SELECT and the same pool size as the catalog. No validation, no mediator, no
// ORM, no tracing, no metrics: what the full stack costs is measured against this.
const port = Number(process.env.PORT);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });

const SELECT = `SELECT id, name, description, price_cents, available_stock, reserved_stock, created_at, updated_at
  FROM products WHERE id = $1`;

interface ProductRow {
  id: string;
  name: string;
  description: string;
  price_cents: number;
  available_stock: number;
  reserved_stock: number;
  created_at: Date;
  updated_at: Date;
}

const app = fastify({ logger: false });
app.get('/ready', async () => ({ status: 'ready' }));
app.get<{ Params: { id: string } }>('/products/:id', async (request, reply) => {
  const { rows } = await pool.query<ProductRow>(SELECT, [request.params.id]);
  const row = rows[0];
  if (row === undefined) return reply.code(404).send({ status: 404 });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: row.price_cents / 100,
    availableStock: row.available_stock,
    reservedStock: row.reserved_stock,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ host: '127.0.0.1', port });
