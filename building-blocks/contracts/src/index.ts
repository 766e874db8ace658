export * from './asyncapi';
export * from './event-definition';
export * from './events/orders';
export * from './events/products';
export * from './events/stock';
export * from './events/users';
export { allEvents } from './registry';
