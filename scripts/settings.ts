// Reads the settings of operations.md once, with their defaults.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Settings = {
  port: number;
  appUrl: string;
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  runWorker: boolean;
  sessionSecret: string;
};

function sessionSecret(dataDir: string): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function readSettings(): Settings {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  return {
    port,
    appUrl: process.env.APP_URL ?? `http://localhost:${port}`,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir,
    seedDemo: (process.env.SEED_DEMO ?? "true").toLowerCase() !== "false",
    runWorker: (process.env.WORKER ?? "true").toLowerCase() !== "false",
    sessionSecret: sessionSecret(dataDir),
  };
}
