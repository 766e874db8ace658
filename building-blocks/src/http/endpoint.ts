/// <reference types="@fastify/swagger" preserve="true" />
import { plainToInstance } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { BadRequestError, type FieldError, ValidationError } from '../errors';
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
 * validation behavior then checks every field. `overrides` (route params, the caller's id) are the endpoint's: a body
 * that sets one of them is refused (400), never silently overruled.
 */
export function toRequest<T extends object>(type: Constructor<T>, body: unknown, overrides: object = {}): T {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new BadRequestError('The request body must be a JSON object');
  }
  const tooDeep = tooDeeplyNested(body ?? {});
  if (tooDeep.length > 0) throw new ValidationError(tooDeep);
  // A field the endpoint fills itself (a route param, the caller's id from the token) never comes from the body.
  const forged = Object.keys(overrides).filter((field) => Object.hasOwn(body ?? {}, field));
  if (forged.length > 0) {
    throw new ValidationError(
      forged.map((field) => ({
        field,
        pointer: pointerOf(field),
        detail: `${field} is set by the server and may not be sent`,
      })),
    );
  }
  return plainToInstance(type, { ...(body ?? {}), ...overrides });
}

/**
 * Deeper than any request we define. class-transformer and class-validator recurse once per level, so a small but
 * deeply nested body (`{"a":{"a":...}}`, 50 kB) would overflow the stack and end as a 500 instead of a 400.
 */
export const MAX_BODY_DEPTH = 32;

function exceedsDepth(value: unknown, levelsLeft: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levelsLeft === 0) return true;
  return Object.values(value).some((child) => exceedsDepth(child, levelsLeft - 1));
}

function tooDeeplyNested(body: object): FieldError[] {
  return Object.entries(body)
    .filter(([, value]) => exceedsDepth(value, MAX_BODY_DEPTH - 1))
    .map(([field]) => ({
      field,
      pointer: pointerOf(field),
      detail: `${field} is nested more than ${MAX_BODY_DEPTH} levels deep`,
    }));
}

function pointerOf(field: string): string {
  return `#/${field.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
