// The dev mail page exposes every message's links, so a public deployment never shows it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { reloadSettings } from "#app/config/settings.server";
import { isDevMailAvailable } from "#app/mail/transport.server";

afterEach(() => {
  vi.unstubAllEnvs();
  reloadSettings();
});

function withEnv(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value as string);
  reloadSettings();
}

describe("isDevMailAvailable", () => {
  it.each([
    [{ NODE_ENV: "development", SMTP_URL: "", APP_URL: "https://hub.example.org" }, true],
    [{ NODE_ENV: "production", SMTP_URL: "", APP_URL: "http://localhost:3000" }, true],
    [{ NODE_ENV: "production", SMTP_URL: "", APP_URL: "http://127.0.0.1:3100" }, true],
    [{ NODE_ENV: "production", SMTP_URL: "", APP_URL: "https://hub.example.org" }, false],
    [{ NODE_ENV: "production", SMTP_URL: "smtp://relay.example.org:587", APP_URL: "http://localhost:3000" }, false],
  ])("%o → %s", (env, expected) => {
    withEnv(env);
    expect(isDevMailAvailable()).toBe(expected);
  });
});
