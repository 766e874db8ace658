export * from './run';
export * from './service';
