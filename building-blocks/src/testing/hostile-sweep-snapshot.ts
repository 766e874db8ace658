/** Runs one SQL statement and returns its rows, e.g. `(sql) => dataSource.query(sql)`. */
export type SqlQuery = (sql: string) => Promise<unknown>;

/** Per table of the database: its row count and a hash of every row. */
export type DatabaseSnapshot = Record<string, { rows: number; hash: string }>;

/**
 * Columns a background job changes after the request has been answered, so that a change there is no effect of the
 * request: the outbox dispatcher stamps `sent_at` once it has published a row. New outbox rows still count.
 */
export const BACKGROUND_COLUMNS: Record<string, string[]> = { messaging_outbox: ['sent_at'] };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Snapshots every table of the current schema (outbox and inbox included), so that comparing two snapshots tells
 * whether anything at all was written in between. Rows are hashed in a fixed order, so only content counts.
 */
export function databaseSnapshotter(
  query: SqlQuery,
  ignore: Record<string, string[]> = BACKGROUND_COLUMNS,
): () => Promise<DatabaseSnapshot> {
  let statement: string | undefined;
  const prepare = async () => {
    const columns = (await query(
      `SELECT c.table_name, c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
    )) as { table_name: string; column_name: string }[];
    const tables = new Map<string, string[]>();
    for (const { table_name: table, column_name: column } of columns) {
      if (ignore[table]?.includes(column)) continue;
      tables.set(table, [...(tables.get(table) ?? []), quote(column)]);
    }
    if (tables.size === 0) throw new Error('databaseSnapshotter: the current schema holds no table');
    return [...tables]
      .map(([table, cols]) => {
        const row = `md5(ROW(${cols.join(', ')})::text)`;
        return `SELECT ${literal(table)} AS name, count(*)::int AS row_count,
                       coalesce(md5(string_agg(${row}, '' ORDER BY ${row})), '') AS hash
                  FROM ${quote(table)}`;
      })
      .join(' UNION ALL ');
  };
  return async () => {
    statement ??= await prepare();
    const rows = (await query(statement)) as { name: string; row_count: number; hash: string }[];
    return Object.fromEntries(rows.map(({ name, row_count: count, hash }) => [name, { rows: count, hash }]));
  };
}

/** The tables whose rows differ between two snapshots, e.g. `products: 3 -> 4 rows`. */
export function snapshotChanges(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables]
    .filter((table) => before[table]?.hash !== after[table]?.hash || before[table]?.rows !== after[table]?.rows)
    .map((table) => {
      const [from, to] = [before[table]?.rows ?? 0, after[table]?.rows ?? 0];
      return from === to ? `${table}: a row changed` : `${table}: ${from} -> ${to} rows`;
    });
}
