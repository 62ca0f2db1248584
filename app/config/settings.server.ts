// The settings of docs/operations.md, read from the environment in one place: parsed and validated
// once with zod (at start, for the web server, the worker and the scripts), so a bad value stops
// the start with a message naming it instead of surfacing as a strange default later.
import path from "node:path";
import { z } from "zod";

/** How a setting is documented: docs/configuration.md is checked against this list. */
export type SettingDoc = { name: string; defaultText: string; meaning: string };

const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ["true", "false", "1", "0", "yes", "no"].includes(value), "must be true or false")
  .transform((value) => value === "true" || value === "1" || value === "yes");

const integerText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);

const urlText = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((protocol) => `${protocol}//`).join(" or ")}`,
    );

/** An unset variable and an empty one mean the same: the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const environmentSchema = z.object({
  PORT: optional(integerText(1, 65535)),
  HOST: optional(z.string().trim()),
  APP_URL: optional(urlText(["http:", "https:"])),
  DATABASE_URL: optional(urlText(["postgres:", "postgresql:"])),
  DATABASE_POOL_SIZE: optional(integerText(1, 1000)),
  DATABASE_PREPARE: optional(booleanText),
  DATA_DIR: optional(z.string()),
  SEED_DEMO: optional(booleanText),
  SMTP_URL: optional(urlText(["smtp:", "smtps:"])),
  SMTP_MAX_CONNECTIONS: optional(integerText(1, 100)),
  MAIL_FROM: optional(z.string().trim()),
  WORKER: optional(booleanText),
  WORKER_CONCURRENCY: optional(integerText(1, 100)),
  STRIPE_SECRET_KEY: optional(z.string().trim()),
  STRIPE_WEBHOOK_SECRET: optional(z.string().trim()),
  STRIPE_API_BASE: optional(urlText(["http:", "https:"])),
  SESSION_SECRET: optional(z.string().min(16, "must be at least 16 characters long")),
  SIGNUPS_PER_IP_PER_HOUR: optional(integerText(1, 1_000_000)),
  LOGIN_FAILURES_PER_15_MIN: optional(integerText(1, 1_000_000)),
  TRUST_PROXY: optional(booleanText),
  NODE_ENV: optional(z.string().trim()),
  BENCH_ROUTES: optional(z.string().trim()),
  WEBHOOKS_ALLOW_PRIVATE: optional(booleanText),
  S3_BUCKET: optional(z.string().trim()),
  S3_ENDPOINT: optional(urlText(["http:", "https:"])),
  S3_REGION: optional(z.string().trim()),
  S3_ACCESS_KEY_ID: optional(z.string().trim()),
  S3_SECRET_ACCESS_KEY: optional(z.string().trim()),
  S3_PUBLIC_URL: optional(urlText(["http:", "https:"])),
});

/** An S3-compatible bucket for uploaded files, with the address its objects are read from. */
export type S3Settings = { bucket: string; endpoint?: string; region: string; accessKeyId: string; secretAccessKey: string; publicUrl: string };

export type Settings = {
  port: number;
  host?: string;
  appUrl: string;
  /** The origin of APP_URL: form posts from it are same-origin. */
  appOrigin: string;
  /** An https APP_URL makes cookies Secure. */
  secureCookies: boolean;
  databaseUrl?: string;
  databasePoolSize: number;
  databasePrepare: boolean;
  dataDir: string;
  mailDirectory: string;
  seedDemo: boolean;
  smtpUrl?: string;
  smtpMaxConnections: number;
  mailFrom: string;
  runWorker: boolean;
  workerConcurrency: number;
  stripe: { secretKey?: string; webhookSecret?: string; apiBase?: string };
  /** Card payments need a Stripe secret key: the one definition of "Stripe is configured". */
  cardPaymentsConfigured: boolean;
  /** The operator's SESSION_SECRET; unset → the one generated into the database (instance-secrets). */
  sessionSecretOverride?: string;
  signupsPerIpPerHour: number;
  loginFailuresPer15Min: number;
  /** Read the client's address from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy: boolean;
  production: boolean;
  nodeEnv?: string;
  benchRoutes: boolean;
  /** Webhooks may reach loopback and private addresses (and plain http there): a closed network's or a test's choice. */
  webhooksAllowPrivate: boolean;
  /** Where uploaded files (product images) go: this folder, or the bucket when one is configured. */
  uploads: { directory: string; s3?: S3Settings };
};

const DEFAULT_MAIL_FROM = "Circuit <no-reply@localhost>";

/** Every setting, its default and meaning, as docs/configuration.md must list them. */
export const SETTING_DOCS: SettingDoc[] = [
  { name: "PORT", defaultText: "`3000`", meaning: "HTTP port of the web server" },
  { name: "HOST", defaultText: "all interfaces", meaning: "address the web server listens on" },
  { name: "APP_URL", defaultText: "`http://localhost:$PORT`", meaning: "public base URL" },
  { name: "DATABASE_URL", defaultText: "unset", meaning: "PostgreSQL to use" },
  { name: "DATABASE_POOL_SIZE", defaultText: "`10`", meaning: "connections each process opens" },
  { name: "DATABASE_PREPARE", defaultText: "`true`", meaning: "prepared statements" },
  { name: "DATA_DIR", defaultText: "`.data`", meaning: "embedded database files and the `.eml` outbox" },
  { name: "SEED_DEMO", defaultText: "`true`", meaning: "load the demo data into an empty database" },
  { name: "SMTP_URL", defaultText: "unset", meaning: "the SMTP relay" },
  { name: "SMTP_MAX_CONNECTIONS", defaultText: "`4`", meaning: "connections to the relay" },
  { name: "MAIL_FROM", defaultText: "`Circuit <no-reply@localhost>`", meaning: "sender of every email" },
  { name: "WORKER", defaultText: "`true`", meaning: "run the job worker inside `npm start`" },
  { name: "WORKER_CONCURRENCY", defaultText: "`4`", meaning: "jobs one worker runs at once" },
  { name: "STRIPE_SECRET_KEY", defaultText: "unset", meaning: "enables card payments" },
  { name: "STRIPE_WEBHOOK_SECRET", defaultText: "unset", meaning: "verifies Stripe's webhooks" },
  { name: "STRIPE_API_BASE", defaultText: "Stripe's API", meaning: "another address for the Stripe SDK" },
  { name: "SESSION_SECRET", defaultText: "generated once and kept in the database", meaning: "signs cookies and links" },
  { name: "SIGNUPS_PER_IP_PER_HOUR", defaultText: "`30`", meaning: "accounts one address may create in an hour" },
  { name: "LOGIN_FAILURES_PER_15_MIN", defaultText: "`10`", meaning: "failed logins before a pause" },
  { name: "TRUST_PROXY", defaultText: "`false`", meaning: "read the client's address from X-Forwarded-For" },
  { name: "WEBHOOKS_ALLOW_PRIVATE", defaultText: "`false`", meaning: "let webhooks reach loopback and private addresses" },
  { name: "S3_BUCKET", defaultText: "unset", meaning: "keep uploaded images in this S3-compatible bucket" },
  { name: "S3_ENDPOINT", defaultText: "AWS", meaning: "the S3-compatible service's address" },
  { name: "S3_REGION", defaultText: "`us-east-1`", meaning: "the bucket's region" },
  { name: "S3_ACCESS_KEY_ID", defaultText: "unset", meaning: "the key that writes to the bucket" },
  { name: "S3_SECRET_ACCESS_KEY", defaultText: "unset", meaning: "its secret" },
  { name: "S3_PUBLIC_URL", defaultText: "unset", meaning: "the public address the bucket's objects are read from" },
];

const S3_NEEDS = ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PUBLIC_URL"] as const;

/** The bucket when S3_BUCKET is set, which then needs its keys and public address; the other S3_ settings alone are a mistake. */
function s3SettingsOf(value: z.infer<typeof environmentSchema>): S3Settings | undefined {
  if (!value.S3_BUCKET) {
    const stray = (["S3_ENDPOINT", ...S3_NEEDS] as const).filter((name) => value[name]);
    if (stray.length) throw new SettingsError(stray.map((name) => ({ name, message: "is set but S3_BUCKET is not" })));
    return undefined;
  }
  const missing = S3_NEEDS.filter((name) => !value[name]);
  if (missing.length) throw new SettingsError(missing.map((name) => ({ name, message: "is needed when S3_BUCKET is set" })));
  return {
    bucket: value.S3_BUCKET,
    endpoint: value.S3_ENDPOINT,
    region: value.S3_REGION || "us-east-1",
    accessKeyId: value.S3_ACCESS_KEY_ID!,
    secretAccessKey: value.S3_SECRET_ACCESS_KEY!,
    publicUrl: value.S3_PUBLIC_URL!.replace(/\/+$/, ""),
  };
}

export class SettingsError extends Error {
  constructor(readonly problems: { name: string; message: string }[]) {
    super(`Circuit cannot start: ${problems.map((problem) => `${problem.name} ${problem.message}`).join("; ")}.`);
    this.name = "SettingsError";
  }
}

/** Parses an environment into settings, or throws a SettingsError naming every bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new SettingsError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return { name, message: `${issue.message} (got "${env[name] ?? ""}")` };
      }),
    );
  }
  const value = parsed.data;
  const port = value.PORT ?? 3000;
  const appUrl = (value.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const dataDir = path.resolve(value.DATA_DIR ?? ".data");
  return {
    port,
    host: value.HOST,
    appUrl,
    appOrigin: new URL(appUrl).origin,
    secureCookies: appUrl.startsWith("https://"),
    databaseUrl: value.DATABASE_URL,
    databasePoolSize: value.DATABASE_POOL_SIZE ?? 10,
    databasePrepare: value.DATABASE_PREPARE ?? true,
    dataDir,
    mailDirectory: path.join(dataDir, "mail"),
    seedDemo: value.SEED_DEMO ?? true,
    smtpUrl: value.SMTP_URL,
    smtpMaxConnections: value.SMTP_MAX_CONNECTIONS ?? 4,
    mailFrom: value.MAIL_FROM || DEFAULT_MAIL_FROM,
    runWorker: value.WORKER ?? true,
    workerConcurrency: value.WORKER_CONCURRENCY ?? 4,
    stripe: { secretKey: value.STRIPE_SECRET_KEY, webhookSecret: value.STRIPE_WEBHOOK_SECRET, apiBase: value.STRIPE_API_BASE },
    cardPaymentsConfigured: Boolean(value.STRIPE_SECRET_KEY),
    sessionSecretOverride: value.SESSION_SECRET,
    signupsPerIpPerHour: value.SIGNUPS_PER_IP_PER_HOUR ?? 30,
    loginFailuresPer15Min: value.LOGIN_FAILURES_PER_15_MIN ?? 10,
    trustProxy: value.TRUST_PROXY ?? false,
    production: value.NODE_ENV === "production",
    nodeEnv: value.NODE_ENV,
    benchRoutes: value.BENCH_ROUTES === "1",
    webhooksAllowPrivate: value.WEBHOOKS_ALLOW_PRIVATE ?? false,
    uploads: { directory: path.join(dataDir, "uploads"), s3: s3SettingsOf(value) },
  };
}

let current: Settings | undefined;

/** This process's settings, parsed on first use (a start calls it first, so a bad value stops it there). */
export function settings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/**
 * Parses the environment again: for a start script that has just filled in DATABASE_URL (the
 * embedded server's) and for tests that change the environment between cases.
 */
export function reloadSettings(): Settings {
  current = parseSettings(process.env);
  return current;
}

/** The settings at a process's start: a bad value prints what to change and stops the process. */
export function settingsAtStart(): Settings {
  try {
    return reloadSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
