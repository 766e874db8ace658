/**
 * A small YAML writer for plain JSON data (objects, arrays, strings, numbers, booleans, null). Strings are written
 * double-quoted as JSON strings, which YAML 1.2 reads unchanged, so no escaping rules of YAML's own are needed; a
 * multi-line text (e.g. a Markdown description) is a literal block (`|-`), which needs no escaping either.
 */
export function toYaml(value: unknown, indent = 0): string {
  return `${render(value, indent).replace(/^\n/, '')}\n`;
}

function render(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${pad}-${render(item, indent + 2).replace(/^\n\s*/, ' ')}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries.map(([key, item]) => `\n${pad}${keyOf(key)}:${render(item, indent + 2)}`).join('');
  }
  if (typeof value === 'string' && indent > 0 && isBlockText(value)) {
    return ` |-${value
      .split('\n')
      .map((line) => (line === '' ? '\n' : `\n${pad}${line}`))
      .join('')}`;
  }
  return ` ${JSON.stringify(value)}`;
}

/** Control characters, line and paragraph separators, byte order mark: what a literal block cannot hold. */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\uFEFF]/u;

/** Lines of printable text that a literal block keeps exactly: no leading or trailing blanks, no control characters. */
function isBlockText(text: string): boolean {
  const lines = text.split('\n');
  return (
    lines.length > 1 &&
    text.trim() === text &&
    lines.every((line) => line.trimEnd() === line && !UNPRINTABLE.test(line))
  );
}

function keyOf(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}
