export * from './cli';
export * from './component';
export * from './feature';
export * from './periodic-job';
export * from './run';
export * from './service';
