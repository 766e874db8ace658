import 'reflect-metadata';
import { runServiceCli } from '@shop/building-blocks/hosting';
import { loadOrderConfig } from './config';
import { orderFeatures } from './features';

runServiceCli(process.argv.slice(2), [], () => {
  const config = loadOrderConfig();
  return {
    databaseUrl: config.ORDER_DATABASE_URL,
    features: orderFeatures,
    // Orders are made by customers; there is no development data to seed.
    seed: async () => 'Nothing to seed for order',
  };
});
