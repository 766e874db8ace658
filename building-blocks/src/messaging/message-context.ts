import { AsyncLocalStorage } from 'node:async_hooks';

/** The message being handled, so that events its handler writes carry its correlation and causation ids. */
export interface MessageContext {
  readonly messageId: string;
  readonly correlationId?: string;
}

export const messageContext = new AsyncLocalStorage<MessageContext>();
