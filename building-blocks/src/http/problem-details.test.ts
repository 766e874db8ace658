import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../errors';
import { toProblem } from './problem-details';

describe('toProblem', () => {
  it('maps a catalog error to its status, type and detail', () => {
    const problem = toProblem(new ConflictError('Product 1 has reservations'), '/api/v1/catalog/products/1');

    expect(problem).toMatchObject({
      status: 409,
      type: 'https://shop.example/problems/conflict',
      detail: 'Product 1 has reservations',
      instance: '/api/v1/catalog/products/1',
    });
  });

  it('lists field errors of a validation error', () => {
    const errors = [{ field: 'price', pointer: '#/price', detail: 'price must not be less than 0' }];

    expect(toProblem(new ValidationError(errors), '/x').errors).toEqual(errors);
  });

  it('keeps the status of a client error raised by fastify', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });

    expect(toProblem(tooLarge, '/x')).toMatchObject({
      status: 413,
      type: 'https://shop.example/problems/payload-too-large',
    });
  });

  it('hides the message of an unexpected error', () => {
    const problem = toProblem(new Error('connection string postgres://secret@db'), '/x');

    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });
});

describe('toProblem for a database that cannot serve', () => {
  it.each([
    ['the pool wait ran out', new Error('timeout exceeded when trying to connect')],
    ['the server refused the connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['the server is shutting down (SQLSTATE 57P01)', Object.assign(new Error('terminating'), { code: '57P01' })],
    [
      'TypeORM wraps a connection failure',
      Object.assign(new Error('query failed'), { driverError: { code: '08006' } }),
    ],
  ])('answers 503 when %s', (_case, error) => {
    const problem = toProblem(error, '/orders');
    expect(problem).toMatchObject({ status: 503, type: expect.stringContaining('dependency-unavailable') });
    expect(problem.detail).not.toContain(error.message);
  });

  it('still answers 500 for a bug in the SQL (SQLSTATE 42601)', () => {
    expect(toProblem(Object.assign(new Error('syntax error'), { code: '42601' }), '/orders').status).toBe(500);
  });
});
