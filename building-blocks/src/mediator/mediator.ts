import type { DependencyContainer } from 'tsyringe';
import {
  Command,
  type Constructor,
  type HandlerType,
  type Request,
  type RequestHandler,
  requestHandledBy,
} from './request';

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

/** A handler list that cannot work: a class without `@handles`, or two handlers for one request type. */
export class HandlerRegistrationError extends Error {}

/** What the mediator knows about a request type; the handler instance is resolved once and reused. */
interface Route {
  readonly name: string;
  readonly kind: 'command' | 'query';
  readonly handlerType: HandlerType;
  handler?: RequestHandler<Request<unknown>>;
}

/**
 * Sends each request to its one handler, through the behaviors (DESIGN §2). The handlers are given to it — the
 * service's features declare them — and checked at construction. Handlers are stateless (their dependencies are the
 * instance's singletons: DbContext, Outbox, ...), so each is resolved from the container once and reused: the hot
 * path allocates only the request's context and the pipeline's steps.
 */
export class Mediator {
  private readonly routes = new Map<Constructor<Request<unknown>>, Route>();

  constructor(
    private readonly container: DependencyContainer,
    private readonly behaviors: readonly PipelineBehavior[],
    handlers: readonly HandlerType[] = [],
  ) {
    for (const handlerType of handlers) this.register(handlerType);
  }

  /** The request types this mediator has a handler for. */
  get requestTypes(): readonly Constructor<Request<unknown>>[] {
    return [...this.routes.keys()];
  }

  /**
   * Resolves every handler now, so that a missing dependency fails the service at start-up with the handler's name
   * instead of failing its first request.
   */
  resolveHandlers(): void {
    for (const route of this.routes.values()) {
      try {
        route.handler ??= this.container.resolve(route.handlerType);
      } catch (error) {
        throw new HandlerRegistrationError(`${route.handlerType.name} cannot be built: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }

  send<TResult>(request: Request<TResult>): Promise<TResult> {
    const route = this.routes.get(request.constructor as Constructor<Request<unknown>>);
    if (!route) {
      const name = request.constructor.name;
      return Promise.reject(new MissingHandlerError(`No handler is registered for ${name}`));
    }
    let handler = route.handler;
    if (!handler) {
      try {
        handler = this.container.resolve(route.handlerType);
      } catch (error) {
        // A handler whose dependencies cannot be resolved fails the request, not the caller's stack.
        return Promise.reject(error);
      }
      route.handler = handler;
    }
    const context: RequestContext = { request, name: route.name, kind: route.kind };
    return this.invoke(context, handler, 0) as Promise<TResult>;
  }

  private register(handlerType: HandlerType): void {
    const requestType = requestHandledBy(handlerType);
    if (!requestType) {
      throw new HandlerRegistrationError(`${handlerType.name} is not a handler: decorate it with @handles(Request)`);
    }
    const existing = this.routes.get(requestType);
    if (existing && existing.handlerType !== handlerType) {
      throw new HandlerRegistrationError(
        `${requestType.name} has two handlers (${existing.handlerType.name}, ${handlerType.name}); a request has exactly one`,
      );
    }
    const kind = requestType.prototype instanceof Command ? 'command' : 'query';
    this.routes.set(requestType, { name: requestType.name, kind, handlerType });
  }

  private invoke(context: RequestContext, handler: RequestHandler<Request<unknown>>, index: number): Promise<unknown> {
    const behavior = this.behaviors[index];
    if (!behavior) return handler.handle(context.request);
    return behavior.handle(context, () => this.invoke(context, handler, index + 1));
  }
}
