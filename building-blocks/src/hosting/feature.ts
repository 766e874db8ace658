import type { Logger } from 'pino';
import type { DependencyContainer } from '../container';
import type { UnaryHandler } from '../grpc';
import type { Endpoint } from '../http';
import type { Constructor, HandlerType, Mediator, Request } from '../mediator';
import { requestHandledBy } from '../mediator';
import type { AnyConsumer } from '../messaging';
import type { BackgroundComponent } from './component';

/** A TypeORM entity or migration class. */
export type ClassList = readonly (new (...args: never[]) => unknown)[];

/** Methods of one gRPC service (DESIGN §6) that a slice answers, each built from the service's mediator. */
export interface GrpcMethods {
  /** Which service of the shared protos, e.g. `IDENTITY_SERVICE`. */
  readonly service: { readonly proto: string; readonly name: string };
  /** The scope a caller's service token must carry. */
  readonly scope: string;
  readonly methods: Readonly<Record<string, (mediator: Mediator) => UnaryHandler<never, unknown>>>;
}

/** What a slice's background job is built from, once the service's own dependencies are registered. */
export interface JobContext {
  readonly container: DependencyContainer;
  readonly mediator: Mediator;
  readonly logger: Logger;
}

/** A slice's background work (e.g. a deadline sweep): built at start-up, started and stopped with the service. */
export type JobFactory = (context: JobContext) => BackgroundComponent;

/**
 * One use case (DESIGN §1): the commands and queries it takes in, their handlers, and the ways in — HTTP endpoints,
 * message consumers, gRPC methods, background jobs. Every request a slice names must have its handler in the service, and every
 * handler must answer a request some slice names: `assembleFeatures` checks both at start-up.
 */
export interface Slice {
  readonly name: string;
  readonly requests: readonly Constructor<Request<unknown>>[];
  readonly handlers: readonly HandlerType[];
  readonly endpoints?: readonly Endpoint[];
  readonly consumers?: readonly AnyConsumer[];
  readonly grpc?: readonly GrpcMethods[];
  readonly jobs?: readonly JobFactory[];
}

/**
 * A feature module: the one unit of registration. The service host, the CLI (migrations, seed) and the tests all
 * read a service's list of features; nothing registers itself at import time.
 */
export interface Feature {
  readonly name: string;
  readonly entities?: ClassList;
  /** Explicit TypeORM migration classes; TypeORM orders them by their timestamps. */
  readonly migrations?: ClassList;
  readonly slices?: readonly Slice[];
}

export function defineSlice(slice: Slice): Slice {
  return slice;
}

export function defineFeature(feature: Feature): Feature {
  return feature;
}

/** What the host wires, gathered from every feature. */
export interface AssembledFeatures {
  readonly handlers: readonly HandlerType[];
  readonly endpoints: readonly Endpoint[];
  readonly consumers: readonly AnyConsumer[];
  readonly grpc: readonly GrpcMethods[];
  readonly jobs: readonly JobFactory[];
}

/** A feature declaration that cannot work; the service refuses to start and says which slice to fix. */
export class FeatureDeclarationError extends Error {}

/** Gathers the features' parts and checks that requests and handlers pair up, naming whatever does not. */
export function assembleFeatures(features: readonly Feature[]): AssembledFeatures {
  const slices = features.flatMap((feature) =>
    (feature.slices ?? []).map((slice) => ({ where: `${feature.name}/${slice.name}`, slice })),
  );
  const declared = new Map<Constructor<Request<unknown>>, string>();
  for (const { where, slice } of slices) {
    for (const request of slice.requests) {
      if (!request) throw new FeatureDeclarationError(`Slice ${where} names an undefined request (an import cycle?)`);
      declared.set(request, where);
    }
  }
  const handled = new Set<Constructor<Request<unknown>>>();
  const problems: string[] = [];
  for (const { where, slice } of slices) {
    for (const handler of slice.handlers) {
      const request = handler ? requestHandledBy(handler) : undefined;
      if (!request) {
        problems.push(`${handler?.name ?? 'undefined'} in slice ${where} is not a @handles(Request) class`);
      } else if (!declared.has(request)) {
        problems.push(`${handler.name} in slice ${where} handles ${request.name}, which no slice names in requests`);
      } else {
        handled.add(request);
      }
    }
  }
  for (const [request, where] of declared) {
    if (!handled.has(request)) {
      problems.push(`${request.name}, named by slice ${where}, has no handler: add its @handles class to handlers`);
    }
  }
  if (problems.length > 0) throw new FeatureDeclarationError(problems.join('; '));
  const all = <T>(pick: (slice: Slice) => readonly T[] | undefined) => slices.flatMap(({ slice }) => pick(slice) ?? []);
  return {
    handlers: all((slice) => slice.handlers),
    endpoints: all((slice) => slice.endpoints),
    consumers: all((slice) => slice.consumers),
    grpc: all((slice) => slice.grpc),
    jobs: all((slice) => slice.jobs),
  };
}

/** The database options of a service made of `features`: their entities and migrations, for the host and the CLI. */
export function databaseOf(url: string, features: readonly Feature[]) {
  return {
    url,
    entities: features.flatMap((feature) => feature.entities ?? []),
    migrations: features.flatMap((feature) => feature.migrations ?? []),
  };
}
