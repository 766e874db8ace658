import { ValidateBy, type ValidationOptions } from 'class-validator';

export interface PlainTextOptions {
  /** Also allow TAB, LF and CR, for text meant to span lines (a description). Off: one line, no tabs. */
  multiline?: boolean;
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

/**
 * Control characters (C0, DEL, C1) have no place in text a person typed: NUL is refused by Postgres text types (a 500
 * instead of a 400), the others end up in logs, terminals and other systems' parsers. A lone UTF-16 surrogate is not
 * Unicode at all: Postgres would store U+FFFD, so what is read back would differ from what was sent.
 */
function refused(code: number, multiline: boolean): boolean {
  if (code < 0x20) return !(multiline && (code === TAB || code === LF || code === CR));
  if (code >= 0x7f && code <= 0x9f) return true;
  // Iterating a string by code points yields a lone surrogate as itself; a well-formed pair arrives as one code point.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return !multiline && (code === LINE_SEPARATOR || code === PARAGRAPH_SEPARATOR);
}

/** The first code point of `text` that plain text does not allow, or `undefined` when there is none. */
export function firstRefusedCodePoint(text: string, options: PlainTextOptions = {}): number | undefined {
  const multiline = options.multiline === true;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (refused(code, multiline)) return code;
  }
  return undefined;
}

export function isPlainText(text: string, options: PlainTextOptions = {}): boolean {
  return firstRefusedCodePoint(text, options) === undefined;
}

/** The constraint name of `IsPlainText`, for schema generators. */
export const PLAIN_TEXT = 'isPlainText';

const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Refuses NUL and every other control character (U+0000-U+001F, U+007F-U+009F), unpaired surrogates and, on a single
 * line, the Unicode line and paragraph separators. `{ multiline: true }` lets TAB, LF and CR through. Non-strings pass:
 * `IsString()` reports those. The message names the property and the first character refused, never the value.
 */
export function IsPlainText(options: PlainTextOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const multiline = options.multiline === true;
  const rule = multiline
    ? 'plain text: no control characters other than tab and line breaks, and no unpaired surrogates'
    : 'single-line plain text: no line breaks, tabs, other control characters or unpaired surrogates';
  return ValidateBy(
    {
      name: PLAIN_TEXT,
      constraints: [multiline],
      validator: {
        validate: (value) => typeof value !== 'string' || isPlainText(value, options),
        defaultMessage: (args) => {
          const code = typeof args?.value === 'string' ? firstRefusedCodePoint(args.value, options) : undefined;
          const found = code === undefined ? '' : ` (found ${codePointName(code)})`;
          return `$property must be ${rule}${found}`;
        },
      },
    },
    validationOptions,
  );
}

/**
 * The JSON schema `IsPlainText` adds to a property: a string matching none of the refused characters. JSON schema
 * patterns cannot name a lone surrogate, so those are refused by validation without appearing here.
 */
export function plainTextSchema(multiline: boolean): Record<string, unknown> {
  const controls = multiline
    ? '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f'
    : '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
  return { not: { pattern: `[${controls}]` } };
}
