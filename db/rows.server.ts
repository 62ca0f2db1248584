// Many rows of one table written in one statement, whatever their number: the rows travel as one
// JSON parameter that PostgreSQL unpacks with json_populate_recordset (typed by the table itself),
// so neither the statement's text nor its parameter count grows with the rows (a VALUES list of
// 20,000 lines would pass the protocol's 65,535 parameters).
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./connection.server";

type Row<T extends PgTable> = T["$inferInsert"];

/** The rows as JSON under their column names, with the defaults the schema computes in JS (ids) filled in. */
function asRecords<T extends PgTable>(table: T, rows: readonly Row<T>[]) {
  const columns = Object.entries(getTableColumns(table));
  const present = columns.filter(([key, column]) => column.defaultFn || rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of present) {
      const value = (row as Record<string, unknown>)[key];
      record[column.name] = value === undefined && column.defaultFn ? column.defaultFn() : value instanceof Date ? value.toISOString() : value;
    }
    return record;
  });
  return { names: present.map(([, column]) => sql.identifier(column.name)), records };
}

const recordset = (table: PgTable, records: readonly Record<string, unknown>[]) =>
  sql`json_populate_recordset(null::${sql.identifier(getTableName(table))}, ${JSON.stringify(records)}::json)`;

/** Inserts the rows in one statement (columns a row leaves out take their defaults, as in drizzle's insert). */
export async function insertRows<T extends PgTable>(tx: Executor, table: T, rows: readonly Row<T>[], returning: SQL = sql``) {
  if (rows.length === 0) return [];
  const { names, records } = asRecords(table, rows);
  const list = sql.join(names, sql`, `);
  return tx.execute<Record<string, unknown>>(sql`insert into ${table} (${list}) select ${list} from ${recordset(table, records)} ${returning}`);
}

/**
 * Updates each row, found by `key`, to the values given (the same columns for every row), in one
 * statement. Returns how many rows it updated.
 */
export async function updateRows<T extends PgTable>(tx: Executor, table: T, key: keyof Row<T> & string, rows: readonly Partial<Row<T>>[]) {
  if (rows.length === 0) return 0;
  const columns = getTableColumns(table);
  const keyName = columns[key].name;
  const keys = Object.keys(rows[0]).filter((name) => name !== key);
  const records = rows.map((row) =>
    Object.fromEntries(
      [key, ...keys].map((name) => {
        const value = (row as Record<string, unknown>)[name];
        return [columns[name].name, value instanceof Date ? value.toISOString() : value];
      }),
    ),
  );
  const sets = sql.join(
    keys.map((name) => sql`${sql.identifier(columns[name].name)} = x.${sql.identifier(columns[name].name)}`),
    sql`, `,
  );
  const updated = await tx.execute<{ id: unknown }>(
    sql`update ${table} t set ${sets} from ${recordset(table, records)} x where t.${sql.identifier(keyName)} = x.${sql.identifier(keyName)} returning 1 as id`,
  );
  return updated.length;
}
