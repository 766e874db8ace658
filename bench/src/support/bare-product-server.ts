import { bareServer } from './bare-server.js';

// The baseline of the catalog-get-by-id scenario: the least code that answers GET /products/{id} from the same
// table with the same single-row SELECT and the same pool size as the catalog. No validation, no mediator, no
// ORM, no tracing, no metrics: what the full stack costs is measured against this.
const { app, pool, listen } = bareServer();

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

await listen();
