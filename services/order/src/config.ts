import { authSpecs } from '@shop/building-blocks/auth';
import { commonSpecs, env, loadConfig } from '@shop/building-blocks/config';

export function loadOrderConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonSpecs,
      ...authSpecs,
      ORDER_HTTP_PORT: env.port({ default: 5004 }),
      ORDER_DATABASE_URL: env.url({ default: 'postgres://postgres@127.0.0.1:5432/shop_order' }),
      /** `host:port` of catalog's and identity's gRPC servers (DESIGN §6). */
      ORDER_CATALOG_GRPC_ADDRESS: env.str({ default: '127.0.0.1:6600' }),
      ORDER_IDENTITY_GRPC_ADDRESS: env.str({ default: '127.0.0.1:6602' }),
      /** Deadline of each gRPC call: a slow dependency becomes a 503, never a hung request. */
      ORDER_GRPC_DEADLINE_MS: env.num({ default: 2_000 }),
      /** The order service's own client at identity (client_credentials), for its gRPC calls. */
      ORDER_CLIENT_ID: env.str({ default: 'order-service' }),
      /** Development only: matches identity's seeded IDENTITY_ORDER_CLIENT_SECRET. */
      ORDER_CLIENT_SECRET: env.str({ default: 'dev-only-order-secret' }),
      /** An order still Pending this long after it was placed is Rejected with reason `timeout` (DESIGN §4). */
      ORDER_PENDING_TIMEOUT_MS: env.num({ default: 60_000 }),
      /** How often each instance looks for Pending orders past their deadline. */
      ORDER_PENDING_SWEEP_INTERVAL_MS: env.num({ default: 5_000 }),
      /** How long an Idempotency-Key is remembered per customer. */
      ORDER_IDEMPOTENCY_TTL_HOURS: env.num({ default: 24 }),
    },
    source,
  );
}

export type OrderConfig = ReturnType<typeof loadOrderConfig>;
