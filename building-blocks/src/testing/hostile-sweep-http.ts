import type { FieldValue } from './hostile-sweep-schema';

/**
 * Percent-encodes every code point as UTF-8, and a lone surrogate as the three bytes it would take if it were a code
 * point (WTF-8): `encodeURIComponent` throws on those, but a client can put any bytes on the wire, and the server
 * must refuse the invalid UTF-8 they make.
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (character.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      encoded += bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(character);
    }
  }
  return encoded;
}

function scalar(value: FieldValue): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The name=value pairs a value becomes in a query string or a form: an array repeats the name, an object uses the
 * bracket notation (`name[key]=...`) that some parsers turn back into objects.
 */
export function toPairs(name: string, value: FieldValue): [string, string][] {
  if (Array.isArray(value)) return value.map((item) => [name, scalar(item)]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([key, item]) => [`${name}[${key}]`, scalar(item)]);
  }
  return [[name, scalar(value)]];
}

export function encodePairs(values: Record<string, FieldValue>): string {
  return Object.entries(values)
    .flatMap(([name, value]) => toPairs(name, value))
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}

export function expandPath(template: string, values: Record<string, FieldValue>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(scalar(values[name] ?? '')));
}

const SHOWN_CHARACTERS = 24;

/**
 * A value as it can be printed in a report: JSON with every character outside printable ASCII escaped (so NUL and
 * lone surrogates are visible), long strings cut with their length noted.
 */
export function describeValue(value: FieldValue | undefined): string {
  if (value === undefined) return '(absent)';
  const json = JSON.stringify(value, (_, item: unknown) =>
    typeof item === 'string' && item.length > SHOWN_CHARACTERS
      ? `${item.slice(0, SHOWN_CHARACTERS)}… (${item.length} chars)`
      : item,
  );
  const shown = json.replace(/[^\x20-\x7e]/g, (character) => {
    const code = character.charCodeAt(0);
    return code === 0x2026 ? character : `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

export interface SweepRequest {
  method: string;
  path: string;
  query: Record<string, FieldValue>;
  headers: Record<string, string>;
  body?: { mediaType: 'json' | 'form'; value: FieldValue };
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends the request over real HTTP, as any client would: the server's own parser limits are part of the test. */
export async function send(baseUrl: string, request: SweepRequest): Promise<Answer> {
  const query = encodePairs(request.query);
  const url = `${baseUrl.replace(/\/$/, '')}${request.path}${query ? `?${query}` : ''}`;
  const headers = { ...request.headers };
  let body: string | undefined;
  if (request.body?.mediaType === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body.value);
  } else if (request.body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = request.body.value;
    body = form !== null && typeof form === 'object' && !Array.isArray(form) ? encodePairs(form) : scalar(form);
  }
  const response = await fetch(url, { method: request.method, headers, body });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}
