import { authSpecs } from '@shop/building-blocks/auth';
import { commonSpecs, env, loadConfig } from '@shop/building-blocks/config';

export function loadCatalogConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...commonSpecs,
      ...authSpecs,
      CATALOG_HTTP_PORT: env.port({ default: 5000 }),
      CATALOG_GRPC_PORT: env.port({ default: 6600 }),
      CATALOG_DATABASE_URL: env.url({ default: 'postgres://postgres@127.0.0.1:5432/shop_catalog' }),
    },
    source,
  );
}

export type CatalogConfig = ReturnType<typeof loadCatalogConfig>;
