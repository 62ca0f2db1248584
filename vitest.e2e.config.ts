// Browser journeys: Debian's Chromium driven by playwright-core against the production build.
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
    include: ["tests/e2e/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    globals: true,
  },
});
