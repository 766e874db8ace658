import { expect } from 'vitest';

/** What the assertions read of an `app.inject()` response. */
export interface InjectedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json<T>(): T;
}

/** RFC 9457 problem details as the services send them. */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  traceId?: string;
  errors?: { field: string; detail: string }[];
}

/**
 * Asserts an RFC 9457 problem with the given status; for a validation error, also that `errors[].field` names
 * `field`. Returns the problem for further checks.
 */
export function expectProblem(response: InjectedResponse, status: number, field?: string): ProblemJson {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const problem = response.json<ProblemJson>();
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String) });
  if (field !== undefined) expect(problem.errors?.map((error) => error.field)).toContain(field);
  return problem;
}

export interface RawBodyCase {
  case: string;
  contentType: string;
  payload: string;
  status: number;
  /** The field a validation error names, when the body is a JSON object. */
  field?: string;
}

const TWO_MEGABYTES = 2 * 1024 * 1024;

/**
 * Bodies that are wrong as a whole, for any JSON write route. `valid` is a body the route accepts, so that the
 * wrong-content-type cases fail on the content type alone.
 */
export function rawBodyCases(valid: object): RawBodyCase[] {
  const json = 'application/json';
  return [
    { case: 'malformed JSON', contentType: json, payload: '{"name": "Mug",', status: 400 },
    { case: 'an empty JSON body', contentType: json, payload: '', status: 400 },
    { case: 'a JSON array', contentType: json, payload: JSON.stringify([valid]), status: 400 },
    { case: 'a JSON string', contentType: json, payload: JSON.stringify('Mug'), status: 400 },
    { case: 'JSON null', contentType: json, payload: 'null', status: 400 },
    { case: 'a __proto__ key', contentType: json, payload: '{"__proto__": {"admin": true}}', status: 400 },
    {
      case: 'a name nested 10,000 levels deep',
      contentType: json,
      payload: `{"name":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      status: 400,
      field: 'name',
    },
    { case: 'text/plain', contentType: 'text/plain', payload: JSON.stringify(valid), status: 415 },
    { case: 'a form', contentType: 'application/x-www-form-urlencoded', payload: 'name=Mug', status: 415 },
    {
      case: 'a 2 MB body',
      contentType: json,
      payload: JSON.stringify({ ...valid, name: 'x'.repeat(TWO_MEGABYTES) }),
      status: 413,
    },
  ];
}
