import { injectable } from 'tsyringe';

/**
 * A request sent through the mediator. `TResult` is carried as a phantom type so that `mediator.send(request)`
 * returns the handler's result type without a cast.
 */
export abstract class Request<TResult> {
  declare readonly __result?: TResult;
}

/** A request that changes state: it runs inside the unit of work (one database transaction). */
export abstract class Command<TResult = void> extends Request<TResult> {}

/** A request that only reads. */
export abstract class Query<TResult> extends Request<TResult> {}

export type ResultOf<R> = R extends Request<infer T> ? T : never;

export interface RequestHandler<TRequest extends Request<unknown>> {
  handle(request: TRequest): Promise<ResultOf<TRequest>>;
}

// biome-ignore lint/suspicious/noExplicitAny: constructor signatures must accept any argument list
export type Constructor<T> = new (...args: any[]) => T;

const registry = new Map<Constructor<Request<unknown>>, Constructor<RequestHandler<Request<unknown>>>>();

/**
 * Class decorator: marks the handler of exactly one request type and makes it injectable.
 * A second handler for the same request type is a programming error and fails at load time.
 */
export function handles<TRequest extends Request<unknown>>(requestType: Constructor<TRequest>) {
  return (handlerType: Constructor<RequestHandler<TRequest>>): void => {
    const existing = registry.get(requestType);
    if (existing && existing !== handlerType) {
      throw new Error(`${requestType.name} already has a handler (${existing.name}); a request has exactly one`);
    }
    injectable()(handlerType);
    registry.set(requestType, handlerType as Constructor<RequestHandler<Request<unknown>>>);
  };
}

export function handlerFor(requestType: Constructor<Request<unknown>>) {
  return registry.get(requestType);
}
