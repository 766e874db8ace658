import { describe, expect, it } from 'vitest';
import { containsPattern } from './like';

describe('containsPattern', () => {
  it.each([
    ['plain words', 'espresso cup', '%espresso cup%'],
    ['a percent sign', '100%', '%100\\%%'],
    ['an underscore', 'tea_pot', '%tea\\_pot%'],
    ['a backslash', 'C:\\beans', '%C:\\\\beans%'],
    ['all of them together', '\\%_', '%\\\\\\%\\_%'],
    ['the empty term', '', '%%'],
  ])('escapes %s', (_case, term, pattern) => {
    expect(containsPattern(term)).toBe(pattern);
  });
});
