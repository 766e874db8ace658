export * from './client';
export * from './metadata';
export * from './protos';
export * from './server';
export * from './service-token';
export * from './status';
