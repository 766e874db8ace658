import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogTestHost, startCatalogForTest } from './catalog-test-host';

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: object }[];
  requestBody?: { content: Record<string, { schema: { properties?: object; required?: string[] } }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { properties?: object } }> }>;
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const PRODUCTS = '/api/v1/catalog/products';
const PRODUCT = '/api/v1/catalog/products/{id}';

/** Every catalog route, what it takes and its success status (DESIGN §3). */
const ROUTES = [
  { method: 'post', path: PRODUCTS, params: [], query: [], body: ['name', 'description', 'price', 'stock'], ok: '201' },
  { method: 'get', path: PRODUCT, params: ['id'], query: [], body: [], ok: '200' },
  {
    method: 'get',
    path: PRODUCTS,
    params: [],
    query: ['page', 'pageSize', 'search', 'minPrice', 'maxPrice', 'sort'],
    body: [],
    ok: '200',
  },
  { method: 'put', path: PRODUCT, params: ['id'], query: [], body: ['name', 'description', 'price'], ok: '200' },
  { method: 'delete', path: PRODUCT, params: ['id'], query: [], body: [], ok: '204' },
  { method: 'post', path: `${PRODUCT}/stock`, params: ['id'], query: [], body: ['quantity'], ok: '200' },
];

describe('/swagger', () => {
  let host: CatalogTestHost;
  let document: OpenApiDocument;
  beforeAll(async () => {
    host = await startCatalogForTest();
    document = (await host.service.app.inject({ method: 'GET', url: '/swagger/json' })).json<OpenApiDocument>();
  });
  afterAll(() => host.stop());

  it('serves Swagger UI as HTML', async () => {
    const response = await host.service.app.inject({ method: 'GET', url: '/swagger' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
  });

  it('describes the API as OpenAPI 3.1 with exactly the catalog routes', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(ROUTES.map((route) => `${route.method} ${route.path}`)));
  });

  it.each(ROUTES)('documents $method $path: its inputs and its $ok response', (route) => {
    const operation = document.paths[route.path]?.[route.method];
    expect(operation).toBeDefined();
    const parameters = operation?.parameters ?? [];
    const named = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
    expect(named('path')).toEqual(route.params);
    // Inherited paging parameters may come after the query's own: the order carries no meaning.
    expect(named('query').sort()).toEqual([...route.query].sort());
    for (const parameter of parameters) expect(parameter.schema).toBeDefined();

    const bodySchema = operation?.requestBody?.content['application/json']?.schema;
    if (route.body.length === 0) expect(bodySchema).toBeUndefined();
    else expect(bodySchema?.required).toEqual(route.body);

    const success = operation?.responses[route.ok];
    expect(success).toBeDefined();
    if (route.ok === '204') expect(success?.content).toBeUndefined();
    else expect(Object.keys(success?.content?.['application/json']?.schema?.properties ?? {})).not.toHaveLength(0);
    expect(operation?.responses['400']?.content?.['application/problem+json']).toBeDefined();
  });
});
