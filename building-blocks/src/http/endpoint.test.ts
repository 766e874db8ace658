import { describe, expect, it } from 'vitest';
import { BadRequestError, ValidationError } from '../errors';
import { MAX_BODY_DEPTH, toRequest } from './endpoint';

class Rename {
  id: string;
  name: unknown;
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

describe('toRequest', () => {
  it('builds the request from the body and the fields the endpoint fills', () => {
    const request = toRequest(Rename, { name: 'Mug' }, { id: 'from-path' });
    expect(request).toBeInstanceOf(Rename);
    expect(request).toMatchObject({ id: 'from-path', name: 'Mug' });
  });

  it('refuses a body that sets a field the endpoint fills, naming it', () => {
    let refusal: unknown;
    try {
      toRequest(Rename, { id: 'from-body', name: 'Mug' }, { id: 'from-path' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors.map((error) => error.field)).toEqual(['id']);
  });

  it.each([null, [], 'Mug', 42])('refuses the body %j: it is not a JSON object', (body) => {
    expect(() => toRequest(Rename, body)).toThrow(BadRequestError);
  });

  it(`accepts a field nested ${MAX_BODY_DEPTH - 1} levels deep and refuses one more, naming the field`, () => {
    expect(() => toRequest(Rename, { name: nested(MAX_BODY_DEPTH - 1) })).not.toThrow();
    let refusal: unknown;
    try {
      toRequest(Rename, { id: 'x', name: nested(MAX_BODY_DEPTH) });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors.map((error) => error.field)).toEqual(['name']);
  });

  it('refuses a body nested 100,000 levels deep without overflowing the stack', () => {
    expect(() => toRequest(Rename, { name: nested(100_000) })).toThrow(ValidationError);
  });
});
