export * from './behaviors';
export * from './mediator';
export * from './request';
