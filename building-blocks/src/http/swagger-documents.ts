/** One OpenAPI document in Swagger UI's document dropdown: its label and where the browser fetches it. */
export interface SwaggerDocument {
  name: string;
  url: string;
}

/**
 * Reads `SWAGGER_DOCUMENTS`: comma-separated `name=url` pairs, e.g.
 * `identity=/docs/identity.json,catalog=/docs/catalog.json` (a gateway serving every service's document). Empty
 * means none: the Swagger UI shows the service's own `/swagger/json`.
 */
export function parseSwaggerDocuments(value: string): SwaggerDocument[] {
  if (value.trim() === '') return [];
  const documents = value.split(',').map((pair) => {
    // Split at the first `=` only: a URL may carry a query string.
    const at = pair.indexOf('=');
    const [name, url] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at < 0 || name === '' || url === '')
      throw new Error(`SWAGGER_DOCUMENTS: "${pair.trim()}" is not name=url (e.g. catalog=/docs/catalog.json)`);
    return { name, url };
  });
  const names = documents.map(({ name }) => name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new Error(`SWAGGER_DOCUMENTS: "${repeated}" is listed twice`);
  return documents;
}

/**
 * Swagger UI's configuration for those documents: `urls` fills the top bar's dropdown, and the first one is shown
 * first (`urls.primaryName`). None: no configuration, so the UI loads the service's own document.
 */
export function swaggerUiConfig(documents: readonly SwaggerDocument[]): Record<string, unknown> | undefined {
  const [primary] = documents;
  if (primary === undefined) return undefined;
  return { urls: documents.map(({ name, url }) => ({ name, url })), 'urls.primaryName': primary.name };
}
