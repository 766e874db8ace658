export * from './endpoint';
export * from './host';
export * from './problem-details';
export * from './schema';
