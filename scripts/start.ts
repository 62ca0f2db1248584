// `npm start`: build if needed, start the embedded database when DATABASE_URL is unset, migrate,
// seed an empty database, serve the production build (scripts/serve.mjs, remix-serve's setup plus an Origin guard), and run the worker.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedServer } from "../db/embedded";
import { serverNodeFlags } from "./server-flags";
import { migrateDatabase } from "../db/migrate";
import { reloadSettings, settingsAtStart } from "../app/config/settings.server";
import { loadInstanceSecrets } from "../app/config/instance-secrets.server";

const root = path.resolve(import.meta.dirname, "..");
const buildFile = path.join(root, "build/index.js");

function newestSourceTime(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ["app", "locales", "db", "emails", "remix.config.js", "package.json"]) {
    const full = path.join(root, entry);
    if (existsSync(full)) visit(full);
  }
  return newest;
}

function buildIfNeeded() {
  if (existsSync(buildFile) && statSync(buildFile).mtimeMs >= newestSourceTime()) return;
  console.log("Building Circuit…");
  const result = spawnSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The build failed.");
}

async function main() {
  const settings = settingsAtStart();
  buildIfNeeded();

  let embedded: EmbeddedServer | undefined;
  let databaseUrl = settings.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(settings.dataDir, "postgres"), database: "circuit" });
    databaseUrl = embedded.url;
    console.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${path.join(settings.dataDir, "postgres")})`);
  }
  // This process's own database handle (seed, worker) and the web server's use the embedded one.
  process.env.DATABASE_URL = databaseUrl;
  reloadSettings();

  await migrateDatabase(databaseUrl);
  // The job queue's tables too, so the first request that queues a job finds them (WORKER=false included).
  const { migrateJobQueue } = await import("../app/jobs/queue.server");
  await migrateJobQueue(databaseUrl);
  // Created once per database: the web server, and every other host's, read the same row.
  await loadInstanceSecrets(databaseUrl);

  if (settings.seedDemo) {
    const { seedDemoIfEmpty } = await import("../db/seed");
    const logins = await seedDemoIfEmpty();
    if (logins) {
      console.log("\nDemo data loaded. Log in with any of these (password for all: %s):", logins.password);
      for (const login of logins.users) console.log(`  ${login.role.padEnd(28)} ${login.email}`);
      // Unlisted sales are in no list: their share links are the way in (docs/domain.md 12).
      for (const link of logins.shareLinks) console.log(`\nUnlisted sale “${link.name}” (share link): ${settings.appUrl}${link.path}`);
      console.log("");
    }
  }

  let stopWorker: (() => Promise<void>) | undefined;
  if (settings.runWorker) {
    const { startWorker } = await import("../app/jobs/worker.server");
    const handle = await startWorker({ connectionString: databaseUrl });
    stopWorker = () => handle.stop();
  }

  const server: ChildProcess = spawn(process.execPath, [...serverNodeFlags(), path.join(root, "scripts/serve.mjs"), buildFile], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(settings.port),
      APP_URL: settings.appUrl,
      DATA_DIR: settings.dataDir,
      DATABASE_URL: databaseUrl,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let announced = false;
  server.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (!announced && text.includes("[remix-serve]")) {
      announced = true;
      console.log(`Circuit ready on ${settings.appUrl}`);
      console.log(`JSON API on ${settings.appUrl}/api/v1, described by ${settings.appUrl}/api/v1/openapi.json`);
      return;
    }
    process.stdout.write(text);
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    await stopWorker?.().catch(() => {});
    const { closeDb } = await import("../db/connection.server");
    await closeDb().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(code);
  };
  server.on("exit", (code) => void shutdown(code ?? 0));
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
