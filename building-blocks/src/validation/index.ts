export * from './like';
export * from './plain-text';
export * from './rules';
