import type { FastifyReply } from 'fastify';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { bareServer } from './bare-server.js';

// The baseline of the order-get-by-id scenario: the least code that does what GET /api/v1/orders/{id} does. It
// verifies the bearer token against identity's JWKS on every request (RS256 only, `typ`, issuer, audience, expiry,
// the key set cached by jose as the service's is), requires the role customer or admin, reads the order with its
// lines in one SELECT on the same table with the same pool size, hides another customer's order behind a 404 and
// answers the same JSON. No validation, no mediator, no ORM, no tracing, no metrics: what the full stack costs is
// measured against this.
const { app, pool, listen } = bareServer();
const keys = createRemoteJWKSet(new URL(String(process.env.JWKS_URL)));
const verifyOptions = {
  issuer: process.env.AUTH_ISSUER,
  audience: process.env.AUTH_AUDIENCE,
  algorithms: ['RS256'],
  typ: 'at+jwt',
  requiredClaims: ['sub', 'exp', 'iat', 'jti'],
};

// The order's lines are a jsonb column of the same row: one SELECT gives the whole order.
const SELECT = `SELECT id, customer_id, customer_name, items, total_cents, shipping_address, status, status_reason,
  created_at, updated_at
  FROM orders WHERE id = $1`;

interface OrderLineJson {
  productId: string;
  productName: string;
  unitPriceCents: number;
  quantity: number;
}

interface OrderRow {
  id: string;
  customer_id: string;
  customer_name: string;
  items: OrderLineJson[];
  total_cents: string;
  shipping_address: { line1: string; city: string; postalCode: string; country: string };
  status: string;
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

async function caller(authorization: string | undefined): Promise<JWTPayload | undefined> {
  if (!authorization?.startsWith('Bearer ')) return undefined;
  try {
    return (await jwtVerify(authorization.slice('Bearer '.length), keys, verifyOptions)).payload;
  } catch {
    return undefined;
  }
}

const problem = (reply: FastifyReply, status: number) => reply.code(status).send({ status });

app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
  const claims = await caller(request.headers.authorization);
  if (claims === undefined) return problem(reply, 401);
  if (claims.role !== 'customer' && claims.role !== 'admin') return problem(reply, 403);
  const { rows } = await pool.query<OrderRow>(SELECT, [request.params.id]);
  const row = rows[0];
  // Another customer's order is the same 404 as an unknown one.
  if (row === undefined || (claims.role !== 'admin' && row.customer_id !== claims.sub)) return problem(reply, 404);
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    items: row.items.map((line) => ({
      productId: line.productId,
      productName: line.productName,
      unitPrice: line.unitPriceCents / 100,
      quantity: line.quantity,
    })),
    total: Number(row.total_cents) / 100,
    shippingAddress: row.shipping_address,
    status: row.status,
    ...(row.status_reason ? { statusReason: row.status_reason } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
});

await listen();
