// The settings module: defaults, a bad value that stops the start by name, and the documentation
// that must list exactly the settings the module reads.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseSettings, SETTING_DOCS, SettingsError } from "#app/config/settings.server";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map((problem) => problem.name);
    throw error;
  }
  return [];
}

describe("settings", () => {
  test("an empty environment gives the documented defaults", () => {
    const settings = parseSettings({});
    expect(settings.port).toBe(3000);
    expect(settings.appUrl).toBe("http://localhost:3000");
    expect(settings.appOrigin).toBe("http://localhost:3000");
    expect(settings.secureCookies).toBe(false);
    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.databasePoolSize).toBe(10);
    expect(settings.databasePrepare).toBe(true);
    expect(settings.dataDir).toBe(path.resolve(".data"));
    expect(settings.mailDirectory).toBe(path.resolve(".data", "mail"));
    expect(settings.seedDemo).toBe(true);
    expect(settings.smtpMaxConnections).toBe(4);
    expect(settings.mailFrom).toBe("Circuit <no-reply@localhost>");
    expect(settings.runWorker).toBe(true);
    expect(settings.workerConcurrency).toBe(4);
    expect(settings.cardPaymentsConfigured).toBe(false);
    expect(settings.sessionSecretOverride).toBeUndefined();
    expect(settings.signupsPerIpPerHour).toBe(30);
    expect(settings.loginFailuresPer15Min).toBe(10);
    expect(settings.trustProxy).toBe(false);
    expect(settings.uploads).toEqual({ directory: path.resolve(".data", "uploads"), s3: undefined });
  });

  test("uploads go to a bucket when S3_BUCKET is set with its keys and public address", () => {
    const s3 = {
      S3_BUCKET: "circuit-images",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY_ID: "key",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_PUBLIC_URL: "https://images.example.org/",
    };
    expect(parseSettings(s3).uploads.s3).toEqual({
      bucket: "circuit-images",
      endpoint: "http://minio:9000",
      region: "us-east-1",
      accessKeyId: "key",
      secretAccessKey: "secret",
      publicUrl: "https://images.example.org",
    });
    expect(problemsOf({ S3_BUCKET: "circuit-images", S3_ACCESS_KEY_ID: "key" }).sort()).toEqual(["S3_PUBLIC_URL", "S3_SECRET_ACCESS_KEY"]);
    expect(problemsOf({ S3_ACCESS_KEY_ID: "key" })).toEqual(["S3_ACCESS_KEY_ID"]);
    expect(problemsOf({ ...s3, S3_PUBLIC_URL: "images.example.org" })).toEqual(["S3_PUBLIC_URL"]);
  });

  test("values are read and normalised", () => {
    const settings = parseSettings({
      PORT: "8080",
      APP_URL: "https://hub.example.org/",
      WORKER: "FALSE",
      SEED_DEMO: "no",
      TRUST_PROXY: "1",
      SMTP_MAX_CONNECTIONS: "12",
      STRIPE_SECRET_KEY: "  sk_test_x ",
      DATABASE_PREPARE: "false",
    });
    expect(settings.port).toBe(8080);
    expect(settings.appUrl).toBe("https://hub.example.org");
    expect(settings.secureCookies).toBe(true);
    expect(settings.runWorker).toBe(false);
    expect(settings.seedDemo).toBe(false);
    expect(settings.trustProxy).toBe(true);
    expect(settings.smtpMaxConnections).toBe(12);
    expect(settings.stripe.secretKey).toBe("sk_test_x");
    expect(settings.cardPaymentsConfigured).toBe(true);
    expect(settings.databasePrepare).toBe(false);
  });

  test("an empty value means the default, like an unset one", () => {
    expect(parseSettings({ PORT: "", STRIPE_SECRET_KEY: "  " }).port).toBe(3000);
    expect(parseSettings({ STRIPE_SECRET_KEY: "  " }).cardPaymentsConfigured).toBe(false);
  });

  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["APP_URL", "hub.example.org"],
    ["DATABASE_URL", "mysql://x"],
    ["WORKER", "maybe"],
    ["SEED_DEMO", "yes please"],
    ["SMTP_URL", "http://relay"],
    ["SMTP_MAX_CONNECTIONS", "0"],
    ["SMTP_MAX_CONNECTIONS", "2.5"],
    ["WORKER_CONCURRENCY", "many"],
    ["SESSION_SECRET", "short"],
    ["TRUST_PROXY", "sometimes"],
    ["LOGIN_FAILURES_PER_15_MIN", "-1"],
  ])("%s=%s stops the start with a message naming it", (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([name]);
    expect(() => parseSettings({ [name]: value })).toThrow(new RegExp(`${name} .*\\(got "${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\)`));
  });

  test("every bad value is named at once", () => {
    expect(problemsOf({ PORT: "x", WORKER: "y" }).sort()).toEqual(["PORT", "WORKER"]);
  });

  test("docs/configuration.md lists exactly the settings the module reads, with their defaults", () => {
    const doc = readFileSync(path.resolve("docs/configuration.md"), "utf8");
    const table = doc.split("## Settings of `npm start` and `npm run worker`")[1].split("\n## ")[0];
    const rows = [...table.matchAll(/^\| `([A-Z_0-9]+)` \| ([^|]+) \|/gm)].map((match) => ({ name: match[1], defaultText: match[2].trim() }));
    expect(rows.map((row) => row.name).sort()).toEqual(SETTING_DOCS.map((setting) => setting.name).sort());
    for (const setting of SETTING_DOCS) expect(rows.find((row) => row.name === setting.name)?.defaultText, setting.name).toBe(setting.defaultText);
  });
});
