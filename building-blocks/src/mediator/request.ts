import { injectable } from '../container';

/**
 * A request sent through the mediator. `TResult` is carried as a phantom type so that `mediator.send(request)`
 * returns the handler's result type without a cast.
 */
export abstract class Request<TResult> {
  declare readonly __result?: TResult;
}

/** A request that changes state: it runs inside the unit of work (one database transaction). */
export abstract class Command<TResult = void> extends Request<TResult> {}

/**
 * A command whose handler opens its transaction itself (`db.transaction(...)`), after reads that may be slow (calls to
 * other services): the unit of work leaves it alone, so no pooled connection waits on the network.
 */
export abstract class CommandWithOwnTransaction<TResult = void> extends Command<TResult> {}

/** A request that only reads. */
export abstract class Query<TResult> extends Request<TResult> {}

export type ResultOf<R> = R extends Request<infer T> ? T : never;

export interface RequestHandler<TRequest extends Request<unknown>> {
  handle(request: TRequest): Promise<ResultOf<TRequest>>;
}

// biome-ignore lint/suspicious/noExplicitAny: constructor signatures must accept any argument list
export type Constructor<T> = new (...args: any[]) => T;

export type HandlerType = Constructor<RequestHandler<Request<unknown>>>;

/** Where `@handles` records, on the handler class itself, the one request type the handler answers. */
const handledRequest = Symbol('shop.handledRequest');

/**
 * Class decorator: marks the handler of exactly one request type and makes it injectable. It records the request
 * type on the class and nothing else: a handler reaches the mediator only through its feature's declaration
 * (`defineFeature` in hosting), never through import side effects.
 */
export function handles<TRequest extends Request<unknown>>(requestType: Constructor<TRequest>) {
  return (handlerType: Constructor<RequestHandler<TRequest>>): void => {
    injectable()(handlerType);
    Object.defineProperty(handlerType, handledRequest, { value: requestType });
  };
}

/** The request type a handler class was decorated for with `@handles`, if any. */
export function requestHandledBy(handlerType: HandlerType): Constructor<Request<unknown>> | undefined {
  return (handlerType as unknown as Record<symbol, Constructor<Request<unknown>> | undefined>)[handledRequest];
}
