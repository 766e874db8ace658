import 'reflect-metadata';
import { type DependencyContainer, container as rootContainer } from 'tsyringe';

export { type DependencyContainer, delay, inject, injectable, singleton } from 'tsyringe';

/**
 * Each service instance gets its own child container, so that two instances (or a test's instance) in one process
 * never share registrations. Constructor injection relies on decorator metadata: `tsc` emits it for the build and
 * SWC emits it under vitest (docs/adr/0002-decorator-metadata.md).
 */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}

/** Injection tokens for values that are not classes. */
export const Tokens = {
  Logger: Symbol.for('shop.Logger'),
  Config: Symbol.for('shop.Config'),
  DataSource: Symbol.for('shop.DataSource'),
} as const;
