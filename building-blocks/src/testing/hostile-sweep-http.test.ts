import { describe, expect, it } from 'vitest';
import { describeValue, encodePairs, expandPath, percentEncode } from './hostile-sweep-http';

describe('putting hostile values on the wire', () => {
  it('percent-encodes a lone surrogate as the invalid UTF-8 bytes it would take, and NUL as %00', () => {
    expect(percentEncode('a\uD800b')).toBe('a%ED%A0%80b');
    expect(percentEncode('\uDFFF')).toBe('%ED%BF%BF');
    expect(percentEncode('\u0000 é😀')).toBe('%00%20%C3%A9%F0%9F%98%80');
  });

  it('repeats a name for an array and uses brackets for an object', () => {
    expect(encodePairs({ page: [1, 2], sort: { a: 'b' }, search: null, flag: true })).toBe(
      'page=1&page=2&sort%5Ba%5D=b&search=&flag=true',
    );
  });

  it('fills path parameters, encoded', () => {
    expect(expandPath('/products/{id}/stock', { id: '../x y' })).toBe('/products/..%2Fx%20y/stock');
  });
});

describe('describing a value in a report', () => {
  it('shows NUL, lone surrogates and other invisible characters as escapes', () => {
    expect(describeValue('a\u0000\uD800\u200B')).toBe('"a\\u0000\\ud800\\u200b"');
  });

  it('cuts a huge string and says how long it was', () => {
    expect(describeValue('x'.repeat(100_000))).toBe(`"${'x'.repeat(24)}… (100000 chars)"`);
  });

  it('shows other types as JSON', () => {
    expect([describeValue([1, { a: null }]), describeValue(false), describeValue(undefined)]).toEqual([
      '[1,{"a":null}]',
      'false',
      '(absent)',
    ]);
  });
});
