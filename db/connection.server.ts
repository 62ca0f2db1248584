// The one database connection of a process: drizzle over postgres.js, opened on first use.
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { settings } from "#app/config/settings.server";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: domain functions accept either. */
export type Executor = Database | Transaction;

type Connection = { sql: postgres.Sql; db: Database };

/** A statement as postgres.js sent it: tests record these to count and EXPLAIN a page's queries. */
export type RecordedQuery = { query: string; parameters: unknown[] };

const globalStore = globalThis as unknown as {
  __circuitDb?: Connection;
  __circuitQueryCount?: number;
  __circuitQueryLog?: RecordedQuery[];
};

function connect(): Connection {
  const { databaseUrl: url, databasePoolSize, databasePrepare } = settings();
  if (!url) throw new Error("DATABASE_URL is not set: start Circuit with `npm start`, which provides one.");
  const sql = postgres(url, {
    max: databasePoolSize,
    onnotice: () => {},
    connect_timeout: 10,
    debug: (_connection, query, parameters) => {
      globalStore.__circuitQueryCount = (globalStore.__circuitQueryCount ?? 0) + 1;
      globalStore.__circuitQueryLog?.push({ query, parameters });
    },
  });
  return { sql, db: drizzle(databasePrepare ? preparingStatements(sql) : sql, { schema }) };
}

/**
 * drizzle sends its queries unprepared, and postgres.js then asks the server to describe every
 * statement before running it: two round trips and a fresh parse each time. Named statements,
 * cached per connection, take one round trip and are parsed once (decision 0011).
 * DATABASE_PREPARE=false turns this off behind a pooler in transaction mode.
 */
function preparingStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (inner: postgres.TransactionSql) => unknown;
          const method = Reflect.get(target, property, receiver) as (...rest: unknown[]) => unknown;
          return method.call(target, ...args, (inner: postgres.TransactionSql) => callback(preparingStatements(inner)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export function getDb(): Database {
  globalStore.__circuitDb ??= connect();
  return globalStore.__circuitDb.db;
}

/** How many SQL statements this process has sent: tests use it to prove a page's query count is fixed. */
export function queryCount(): number {
  return globalStore.__circuitQueryCount ?? 0;
}

/**
 * Runs `work` and returns every statement this process sent meanwhile, in order, with what it
 * returned. Recordings do not nest; concurrent work in the same process is recorded too.
 */
export async function recordQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: RecordedQuery[] }> {
  const queries: RecordedQuery[] = [];
  globalStore.__circuitQueryLog = queries;
  try {
    const result = await work();
    return { result, queries };
  } finally {
    globalStore.__circuitQueryLog = undefined;
  }
}

export async function closeDb() {
  const current = globalStore.__circuitDb;
  globalStore.__circuitDb = undefined;
  await current?.sql.end({ timeout: 5 });
}
