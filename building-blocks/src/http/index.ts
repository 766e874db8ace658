export * from './endpoint';
export * from './host';
export * from './metrics';
export * from './problem-details';
export * from './schema';
