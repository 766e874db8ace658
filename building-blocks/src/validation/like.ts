/**
 * A (I)LIKE pattern matching any text that contains `term` literally: `%`, `_` and the escape character `\` in the
 * term are escaped, so a search for `100%` or `a_b` finds exactly that. Pass it as a bound parameter. The escape
 * character is Postgres's default for LIKE and ILIKE, the backslash; SQL that names another with `ESCAPE` must not
 * use this pattern (`ESCAPE '\'` may be written out, to be explicit).
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}
