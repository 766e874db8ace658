// Architecture rules of Shop (DESIGN.md §1), checked by `pnpm lint`:
//   a feature slice never imports another slice; a service never imports another service;
//   building-blocks never import a service; services use building-blocks only through their public entry points;
//   no dependency cycles.
// Paths are matched relative to the directory depcruise runs in (the repository root in `pnpm lint`).
// test/architecture/dependency-rules.test.ts feeds deliberately broken trees to this file to prove each rule bites.
const path = require('node:path');

const SLICE = '^(services/[^/]+/src.*/features/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-slice',
      comment:
        'A feature slice holds everything its use case needs; share through the feature module or building-blocks.',
      severity: 'error',
      from: { path: SLICE },
      to: { path: SLICE, pathNot: '^$1/' },
    },
    {
      name: 'no-cross-service',
      comment: 'Services share only building-blocks and the contracts (integration events, protos).',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'building-blocks-never-import-services',
      comment: 'The shared kernel knows nothing of the services built on it.',
      severity: 'error',
      from: { path: '^building-blocks/' },
      to: { path: '^services/' },
    },
    {
      name: 'services-use-public-building-blocks',
      comment: 'Import `@shop/building-blocks/<module>` or `@shop/contracts`, never a file inside a module.',
      severity: 'error',
      from: { path: '^services/' },
      to: {
        path: '^building-blocks/',
        pathNot: ['^building-blocks/src/[^/]+/index\\.ts$', '^building-blocks/contracts/src/index\\.ts$'],
      },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make load order fragile (decorator metadata reads undefined classes) and slices inseparable.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the checker cannot resolve would slip past every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // Type-only imports couple modules too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    // `@shop/building-blocks/*` resolves through the workspace symlink to its sources via the `shop-source`
    // export condition, exactly as `tsc` resolves it (tsconfig.json `customConditions`).
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['shop-source', 'types', 'import', 'require', 'node', 'default'],
      mainFields: ['types', 'main'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
