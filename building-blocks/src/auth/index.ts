export * from './auth-plugin';
export * from './config';
export * from './guards';
export * from './principal';
export * from './token-verifier';
