import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) transforms the sources so that decorator metadata reaches tsyringe, TypeORM and
// class-validator-jsonschema in tests exactly as `tsc` emits it for production (docs/adr/0002).
const plugins = [swc.vite({ module: { type: 'es6' } })];
// Tests run the building blocks from source, so no build is needed before `vitest`.
const buildingBlocks = fileURLToPath(new URL('./building-blocks/src/', import.meta.url));
const contracts = fileURLToPath(new URL('./building-blocks/contracts/src/index.ts', import.meta.url));
// Tests that change the whole broker (a memory alarm blocks every publisher on it) rather than their own vhost.
const brokerWideTests = 'building-blocks/src/messaging/broker-alarm.int.test.ts';
const resolve = {
  alias: [
    { find: /^@shop\/building-blocks\/([a-z-]+)$/, replacement: `${buildingBlocks}$1/index.ts` },
    { find: /^@shop\/contracts$/, replacement: contracts },
  ],
};

export default defineConfig({
  plugins,
  resolve,
  test: {
    // Most integration tests wait on Postgres and RabbitMQ, not on the CPU: on a 2-core machine three files at a
    // time finish the suite far sooner than the default of one worker per spare core.
    maxWorkers: 3,
    projects: [
      {
        plugins,
        resolve,
        test: {
          name: 'unit',
          include: [
            'building-blocks/src/**/*.test.ts',
            'building-blocks/contracts/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'integration',
          include: ['building-blocks/src/**/*.int.test.ts', 'services/*/src/**/*.int.test.ts'],
          exclude: [brokerWideTests, '**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        resolve,
        test: {
          // Tests that raise a broker-wide resource alarm block every publisher on the local RabbitMQ, so they run
          // alone: one file at a time, in a group of their own after unit and integration (messaging README).
          name: 'broker-alarm',
          include: [brokerWideTests],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        resolve,
        test: {
          // The three services in one process on one vhost: the saga end to end, under contention and outages.
          // Each file drives hundreds of orders through all three, so they run one at a time, after the others.
          name: 'system',
          include: ['test/system/**/*.int.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
