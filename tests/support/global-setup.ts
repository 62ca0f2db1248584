// Starts one PostgreSQL for the whole run (embedded unless DATABASE_URL is set) and
// migrates a template database that every test file clones.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateDatabase } from "../../db/migrate";

export const TEMPLATE_DATABASE = "circuit_test_template";

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const base = path.resolve(".data/test");
    mkdirSync(base, { recursive: true });
    dataDir = mkdtempSync(path.join(base, "pg-"));
    server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "db"), database: "postgres", fast: true });
    adminUrl = server.url;
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  await migrateDatabase(withDatabase(adminUrl, TEMPLATE_DATABASE));
  project.provide("adminDatabaseUrl", adminUrl);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
