import type { DependencyContainer } from 'tsyringe';
import { Command, type Constructor, handlerFor, type Request, type RequestHandler } from './request';

export interface RequestContext {
  readonly request: Request<unknown>;
  /** The request's class name, e.g. `CreateProductCommand`. */
  readonly name: string;
  readonly kind: 'command' | 'query';
}

/** Wraps every request; behaviors run outermost first, in the order given to the mediator. */
export interface PipelineBehavior {
  handle(context: RequestContext, next: () => Promise<unknown>): Promise<unknown>;
}

export class MissingHandlerError extends Error {}

/** What the mediator learns about a request type on its first request, and reuses afterwards. */
interface Route {
  readonly name: string;
  readonly kind: 'command' | 'query';
  readonly handler: RequestHandler<Request<unknown>>;
}

/**
 * Sends each request to its one handler, through the behaviors (DESIGN §2). Handlers are stateless (their
 * dependencies are the instance's singletons: DbContext, Outbox, ...), so each is resolved from the container once,
 * on its first request, and reused: the hot path allocates only the request's context and the pipeline's steps.
 */
export class Mediator {
  private readonly routes = new Map<Constructor<Request<unknown>>, Route>();

  constructor(
    private readonly container: DependencyContainer,
    private readonly behaviors: readonly PipelineBehavior[],
  ) {}

  send<TResult>(request: Request<TResult>): Promise<TResult> {
    let route: Route | undefined;
    try {
      route = this.routeOf(request);
    } catch (error) {
      // A handler whose dependencies cannot be resolved fails the request, not the caller's stack.
      return Promise.reject(error);
    }
    if (!route) {
      const name = request.constructor.name;
      return Promise.reject(new MissingHandlerError(`No handler is registered for ${name}`));
    }
    const context: RequestContext = { request, name: route.name, kind: route.kind };
    return this.invoke(context, route.handler, 0) as Promise<TResult>;
  }

  private invoke(context: RequestContext, handler: Route['handler'], index: number): Promise<unknown> {
    const behavior = this.behaviors[index];
    if (!behavior) return handler.handle(context.request);
    return behavior.handle(context, () => this.invoke(context, handler, index + 1));
  }

  private routeOf(request: Request<unknown>): Route | undefined {
    const requestType = request.constructor as Constructor<Request<unknown>>;
    const known = this.routes.get(requestType);
    if (known) return known;
    const handlerType = handlerFor(requestType);
    if (!handlerType) return undefined;
    const route: Route = {
      name: requestType.name,
      kind: request instanceof Command ? 'command' : 'query',
      handler: this.container.resolve(handlerType),
    };
    this.routes.set(requestType, route);
    return route;
  }
}
