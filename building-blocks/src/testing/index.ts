export * from './brokers';
export * from './databases';
export * from './event-probe';
export * from './token-issuer';
export * from './unauthenticated';
