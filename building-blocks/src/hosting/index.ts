export * from './cli';
export * from './component';
export * from './feature';
export * from './run';
export * from './service';
