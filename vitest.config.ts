// Unit and integration tests: one embedded PostgreSQL per run, one fresh database per test file.
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: path.join(root, "app/$1") },
      { find: /^#db\/(.*)$/, replacement: path.join(root, "db/$1") },
      { find: /^#emails\/(.*)$/, replacement: path.join(root, "emails/$1") },
      { find: /^#locales\/(.*)$/, replacement: path.join(root, "locales/$1") },
      { find: /^#tests\/(.*)$/, replacement: path.join(root, "tests/$1") },
    ],
  },
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.{ts,tsx}"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/database-per-file.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globals: true,
  },
});
