// Web servers started together on an empty database each migrate it: one at a time, all succeed.
import postgres from "postgres";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { migrateDatabase } from "#db/migrate";

const database = `circuit_migrate_at_once_${process.pid}`;
const adminUrl = inject("adminDatabaseUrl");
const url = (() => {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
})();

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database}`);
  await admin.unsafe(`create database ${database}`);
  await admin.end();
});

afterAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
});

test("four processes migrating one empty database at once all succeed, and each migration is applied once", async () => {
  const results = await Promise.allSettled([1, 2, 3, 4].map(() => migrateDatabase(url)));
  expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations`;
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied.map((row) => row.hash)).size).toBe(applied.length);
  } finally {
    await sql.end();
  }
});

test("four processes installing the job queue at once all succeed", async () => {
  const results = await Promise.allSettled([1, 2, 3, 4].map(() => migrateJobQueue(url)));
  expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from graphile_worker.migrations`;
    expect(row.count).toBeGreaterThan(0);
  } finally {
    await sql.end();
  }
});
