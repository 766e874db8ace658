import type { DependencyContainer } from 'tsyringe';
import { Command, type Constructor, handlerFor, type Request } from './request';

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

/** Sends each request to its one handler, through the behaviors (DESIGN §2). */
export class Mediator {
  constructor(
    private readonly container: DependencyContainer,
    private readonly behaviors: readonly PipelineBehavior[],
  ) {}

  send<TResult>(request: Request<TResult>): Promise<TResult> {
    const requestType = request.constructor as Constructor<Request<unknown>>;
    const handlerType = handlerFor(requestType);
    if (!handlerType)
      return Promise.reject(new MissingHandlerError(`No handler is registered for ${requestType.name}`));
    const context: RequestContext = {
      request,
      name: requestType.name,
      kind: request instanceof Command ? 'command' : 'query',
    };
    const invoke = (index: number): Promise<unknown> => {
      const behavior = this.behaviors[index];
      if (behavior) return behavior.handle(context, () => invoke(index + 1));
      return this.container.resolve(handlerType).handle(request);
    };
    return invoke(0) as Promise<TResult>;
  }
}
