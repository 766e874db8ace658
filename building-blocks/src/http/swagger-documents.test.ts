import { describe, expect, it } from 'vitest';
import { parseSwaggerDocuments, swaggerUiConfig } from './swagger-documents';

describe('SWAGGER_DOCUMENTS', () => {
  it('lists the name=url pairs in order, the first one shown first', () => {
    // Given the value a gateway's Swagger UI is configured with
    const value = 'identity=/docs/identity.json, catalog=/docs/catalog.json,order=/docs/order.json?v=2';
    // When it is read
    const documents = parseSwaggerDocuments(value);
    // Then each pair is a document of the dropdown, in order, a query string kept
    expect(documents).toEqual([
      { name: 'identity', url: '/docs/identity.json' },
      { name: 'catalog', url: '/docs/catalog.json' },
      { name: 'order', url: '/docs/order.json?v=2' },
    ]);
    expect(swaggerUiConfig(documents)).toEqual({ urls: documents, 'urls.primaryName': 'identity' });
  });

  it('configures nothing when empty, so the UI loads the service own document', () => {
    // Given no value
    // When it is read
    // Then there is no document and no Swagger UI configuration
    expect(parseSwaggerDocuments(' ')).toEqual([]);
    expect(swaggerUiConfig(parseSwaggerDocuments(''))).toBeUndefined();
  });

  it.each([
    ['catalog', 'not name=url'],
    ['=/docs/catalog.json', 'not name=url'],
    ['catalog=', 'not name=url'],
    ['catalog=/a.json,catalog=/b.json', 'listed twice'],
  ])('refuses %s, naming the variable', (value, reason) => {
    // Given a malformed value
    // When it is read
    // Then the start fails with a message naming the variable and the problem
    expect(() => parseSwaggerDocuments(value)).toThrow(new RegExp(`^SWAGGER_DOCUMENTS: .*${reason}`));
  });
});
