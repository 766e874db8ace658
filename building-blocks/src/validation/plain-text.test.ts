import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { IsPlainText, isPlainText, plainTextSchema } from './plain-text';

class Note {
  @IsPlainText()
  title: unknown;

  @IsPlainText({ multiline: true })
  body: unknown;
}

const note = (title: unknown, body: unknown = 'fine') => Object.assign(new Note(), { title, body });
const messages = (value: Note) => validateSync(value).flatMap((error) => Object.values(error.constraints ?? {}));

const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';

describe('isPlainText', () => {
  it.each([
    ['letters, digits and punctuation', 'Espresso cup, 80 ml (porcelain) #1!'],
    ['accents and other scripts', 'Crème brûlée – 東京 – Ελληνικά'],
    ['an emoji (a surrogate pair) and a zero-width joiner sequence', 'mug ☕ 👩‍💻'],
    ['the empty string', ''],
  ])('accepts %s on one line and on several', (_case, text) => {
    expect(isPlainText(text)).toBe(true);
    expect(isPlainText(text, { multiline: true })).toBe(true);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a bell (C0)', '\u0007'],
    ['escape (C0), as in a terminal escape sequence', '\u001b[31mred'],
    ['vertical tab', 'a\u000bb'],
    ['form feed', 'a\u000cb'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['the last C1 control', '\u009f'],
    ['a lone high surrogate', `a${LONE_HIGH}`],
    ['a lone low surrogate', `${LONE_LOW}a`],
    ['a pair in the wrong order', `${LONE_LOW}${LONE_HIGH}`],
  ])('refuses %s, on one line and on several', (_case, text) => {
    expect(isPlainText(text)).toBe(false);
    expect(isPlainText(text, { multiline: true })).toBe(false);
  });

  it.each([
    ['a tab', 'a\tb'],
    ['a line feed', 'a\nb'],
    ['a carriage return', 'a\r\nb'],
    ['a Unicode line separator', 'a\u2028b'],
    ['a Unicode paragraph separator', 'a\u2029b'],
  ])('refuses %s on one line and accepts it on several', (_case, text) => {
    expect(isPlainText(text)).toBe(false);
    expect(isPlainText(text, { multiline: true })).toBe(true);
  });
});

describe('IsPlainText', () => {
  it('passes plain text and leaves non-strings to IsString', () => {
    expect(messages(note('Mug', 'Line one\nLine two'))).toEqual([]);
    expect(messages(note(42, undefined))).toEqual([]);
  });

  it('names the property and the first character refused, not the value', () => {
    expect(messages(note('secret\u0000value'))).toEqual([
      'title must be single-line plain text: no line breaks, tabs, other control characters or unpaired surrogates (found U+0000)',
    ]);
    expect(messages(note('ok', `secret${LONE_HIGH}`))).toEqual([
      'body must be plain text: no control characters other than tab and line breaks, and no unpaired surrogates (found U+D83D)',
    ]);
  });
});

describe('plainTextSchema', () => {
  const matches = (multiline: boolean, text: string) =>
    new RegExp(String((plainTextSchema(multiline).not as { pattern: string }).pattern), 'u').test(text);

  it('documents the same characters the rule refuses', () => {
    for (let code = 0; code <= 0xa0; code += 1) {
      const text = String.fromCodePoint(code);
      expect(matches(false, text), `U+${code.toString(16)}`).toBe(!isPlainText(text));
      expect(matches(true, text), `U+${code.toString(16)}`).toBe(!isPlainText(text, { multiline: true }));
    }
    expect(matches(false, '\u2028')).toBe(true);
    expect(matches(true, '\u2028')).toBe(false);
  });
});
