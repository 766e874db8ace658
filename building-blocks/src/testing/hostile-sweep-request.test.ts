import { describe, expect, it } from 'vitest';
import { brokenInvariants } from './hostile-sweep-checks';
import { type OpenApiDocument, operationsOf } from './hostile-sweep-openapi';
import { buildRequest } from './hostile-sweep-request';

const problem = { content: { 'application/problem+json': {} } };
const oauthError = { content: { 'application/json': {} } };

/** An order-like API: a path parameter, a nested JSON body behind a `$ref`, and a form-encoded OAuth endpoint. */
const DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Line: {
        type: 'object',
        properties: { productId: { type: 'string', format: 'uuid' }, quantity: { type: 'integer', minimum: 1 } },
        required: ['productId', 'quantity'],
      },
    },
  },
  paths: {
    '/orders/{id}/lines': {
      post: {
        parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { lines: { type: 'array', items: { $ref: '#/components/schemas/Line' } } },
                required: ['lines'],
              },
            },
          },
        },
        responses: { '201': {}, '400': problem },
      },
    },
    '/connect/token': {
      post: {
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: { type: 'object', properties: { grant_type: { type: 'string' } }, required: ['grant_type'] },
            },
          },
        },
        responses: { '200': {}, '400': oauthError },
      },
    },
  },
};

describe('reading operations from an OpenAPI document', () => {
  const [order, token] = operationsOf(DOCUMENT);

  it('lists path parameters and body fields at any depth, through $refs', () => {
    expect(order?.fields.map((field) => `${field.in}.${field.path.join('.')}`)).toEqual([
      'path.id',
      'body.lines',
      'body.lines.0.productId',
      'body.lines.0.quantity',
    ]);
  });

  it('tells a form body and RFC 6749 errors from a JSON body and problem details', () => {
    expect([order?.body?.mediaType, order?.errorFormat]).toEqual(['json', 'problem']);
    expect([token?.body?.mediaType, token?.errorFormat]).toEqual(['form', 'oauth']);
  });
});

describe('building a request around one hostile value', () => {
  const [order] = operationsOf(DOCUMENT);

  it('puts the hostile value in its place and keeps every other field valid, given values first', async () => {
    if (!order) throw new Error('no operation');
    const quantity = order.fields.find((field) => field.name === 'quantity');
    if (!quantity) throw new Error('no quantity field');
    const productId = '0198c6a4-3f1e-7c2a-9b1d-5e8f0a2b4c6d';
    const { request, dirty } = await buildRequest(order, { productId, id: () => 'order-1' }, {}, 7, {
      field: quantity,
      value: '\u0000',
    });
    expect(request.path).toBe('/orders/order-1/lines');
    expect(request.body).toEqual({ mediaType: 'json', value: { lines: [{ productId, quantity: '\u0000' }] } });
    expect(dirty).toBe(true);
  });
});

describe('the invariants of an answer', () => {
  const answer = (status: number, contentType: string, body: object) => ({
    status,
    contentType,
    body: JSON.stringify(body),
  });

  it('hold for a problem whose status matches, or an RFC 6749 error', () => {
    const title = { type: 'https://example.com/x', title: 'Bad request', status: 400 };
    expect(brokenInvariants('problem', answer(400, 'application/problem+json', title), [])).toEqual([]);
    expect(brokenInvariants('oauth', answer(400, 'application/json', { error: 'invalid_request' }), [])).toEqual([]);
  });

  it('break on a 5xx, on the wrong error format, and on a refused request that wrote', () => {
    expect(brokenInvariants('problem', answer(500, 'application/problem+json', { status: 500 }), [])).toContain(
      'status 500',
    );
    expect(brokenInvariants('problem', answer(431, 'application/json', { error: 'x' }), [])).toContain(
      'content-type is not application/problem+json',
    );
    expect(brokenInvariants('problem', answer(400, 'application/problem+json', { status: 414 }), [])).toContain(
      'body is not a problem with type, title and the same status',
    );
    expect(brokenInvariants('oauth', answer(400, 'application/json', { error: 'x' }), ['users: 1 -> 2 rows'])).toEqual([
      'refused, yet wrote: users: 1 -> 2 rows',
    ]);
  });
});
