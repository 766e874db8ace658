export * from './data-source';
export * from './db-context';
export * from './errors';
export * from './unit-of-work.behavior';
export * from './versioned-entity';
