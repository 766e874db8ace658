/// <reference types="@fastify/swagger" preserve="true" />
import { plainToInstance } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors';
import type { Constructor, Mediator } from '../mediator';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's mediator: endpoints map a request to a command or query and send it. */
    mediator: Mediator;
  }
}

/** A slice's endpoint: registers one route on the service's fastify instance. */
export type Endpoint = (app: FastifyInstance) => void;

/**
 * Builds a command or query from the parts of an HTTP request. Only plain JSON objects are accepted; the mediator's
 * validation behavior then checks every field. `overrides` (usually route params) win over the body.
 */
export function toRequest<T extends object>(type: Constructor<T>, body: unknown, overrides: object = {}): T {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new BadRequestError('The request body must be a JSON object');
  }
  return plainToInstance(type, { ...(body ?? {}), ...overrides });
}
