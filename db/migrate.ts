// Applies the committed drizzle-kit migrations to the database at a URL.
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Any constant of our own: the key of the advisory lock that lets one process migrate at a time. */
const MIGRATION_LOCK_KEY = 741_852_963;

export async function migrateDatabase(url: string) {
  // Without the lock, web servers started together on an empty database would each try to create
  // the same tables.
  await underMigrationLock(url, async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await sql.end();
    }
  });
}

/** Runs an installer (ours, and the job queue's, which takes no lock of its own) one process at a time. */
export async function underMigrationLock<T>(url: string, install: () => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    return await install();
  } finally {
    // Closing the session releases its lock.
    await sql.end();
  }
}
