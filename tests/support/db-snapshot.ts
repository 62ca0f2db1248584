// The whole database as a test sees it: every table of the public schema, each row hashed, so a
// test can prove that a refused request changed nothing at all, or that an allowed one changed the
// rows it should and no others. graphile-worker's tables live in their own schema and are not read.
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";

/**
 * Columns that change on a read and are not a change of anything: `api_tokens.last_used_at` is
 * stamped (to the minute) by the first call a token makes, whatever the call's answer.
 */
const TOUCH_COLUMNS = new Set(["api_tokens.last_used_at"]);

/** Table name → the md5 of each of its rows (as row text), sorted and joined by commas (one text column reads much faster than an array). */
export type DbSnapshot = Record<string, string>;

let query: string | undefined;

async function snapshotQuery(): Promise<string> {
  if (query) return query;
  const columns = await getDb().execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`);
  const byTable = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns) {
    if (TOUCH_COLUMNS.has(`${table}.${column}`)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), `"${column}"`]);
  }
  if (byTable.size < 20) throw new Error(`Only ${byTable.size} tables in the public schema: is this the migrated database?`);
  query = [...byTable]
    .map(
      ([table, cols]) =>
        `select '${table}' as name, coalesce((select string_agg(md5(r::text), ',' order by md5(r::text)) from (select ${cols.join(", ")} from "${table}") r), '') as rows`,
    )
    .join("\nunion all\n");
  return query;
}

/** Every public table's rows, hashed one by one (one query). */
export async function snapshotDatabase(): Promise<DbSnapshot> {
  const rows = await getDb().execute<{ name: string; rows: string }>(sql.raw(await snapshotQuery()));
  return Object.fromEntries(rows.map((row) => [row.name, row.rows]));
}

export type TableChange = { added: number; removed: number };

/** What differs between two snapshots, table by table: rows that appeared and rows that went (a changed row is one of each). */
export function changesBetween(before: DbSnapshot, after: DbSnapshot): Record<string, TableChange> {
  const changes: Record<string, TableChange> = {};
  const hashes = (rows: string | undefined) => (rows ? rows.split(",") : []);
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[table] === after[table]) continue;
    const left = new Map<string, number>();
    for (const hash of hashes(before[table])) left.set(hash, (left.get(hash) ?? 0) + 1);
    let added = 0;
    for (const hash of hashes(after[table])) {
      const n = left.get(hash) ?? 0;
      if (n > 0) left.set(hash, n - 1);
      else added += 1;
    }
    const removed = [...left.values()].reduce((sum, n) => sum + n, 0);
    if (added > 0 || removed > 0) changes[table] = { added, removed };
  }
  return changes;
}

/** The snapshot without some tables (for a caller that has said why they may change). */
export function withoutTables(snapshot: DbSnapshot, tables: string[]): DbSnapshot {
  return Object.fromEntries(Object.entries(snapshot).filter(([table]) => !tables.includes(table)));
}
