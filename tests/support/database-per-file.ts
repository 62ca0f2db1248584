// Gives each test file its own database, cloned from the migrated template, before any app module connects.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "../../db/connection.server";
import { loadInstanceSecrets } from "../../app/config/instance-secrets.server";
import { reloadSettings } from "../../app/config/settings.server";

const adminUrl = inject("adminDatabaseUrl");
const database = `circuit_test_${randomBytes(6).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database} template circuit_test_template`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.APP_URL ??= "http://localhost:3000";
reloadSettings();
// As every process does at start: this database's own secret, created on first use.
await loadInstanceSecrets();

afterAll(async () => {
  await closeDb();
});
