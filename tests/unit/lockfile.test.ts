// The committed lock is the full one (issue 14): other platforms' optional packages are listed, and
// CI's check fails when npm install changes the lock.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, unknown> };
const dir = path.resolve(`.data/test/lockfile-${randomBytes(4).toString("hex")}`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("package-lock.json", () => {
  test("lists rollup's and esbuild's binaries for other platforms, not only this machine's", () => {
    for (const name of [
      "@rollup/rollup-darwin-arm64",
      "@rollup/rollup-win32-x64-msvc",
      "@rollup/rollup-linux-arm64-gnu",
      "@rollup/rollup-linux-x64-musl",
      "@esbuild/darwin-arm64",
      "@esbuild/win32-x64",
    ]) {
      expect(
        Object.keys(lock.packages).some((key) => key.endsWith(`node_modules/${name}`)),
        name,
      ).toBe(true);
    }
  });

  test("CI's check passes when install leaves the lock as it was and fails when install changed it", () => {
    mkdirSync(dir, { recursive: true });
    const copy = path.join(dir, "package-lock.json");
    const state = path.join(dir, "lock.sha256");
    copyFileSync("package-lock.json", copy);
    const check = (mode: string) => spawnSync(process.execPath, ["scripts/check-lockfile.mjs", mode, copy, state], { encoding: "utf8" });
    execFileSync(process.execPath, ["scripts/check-lockfile.mjs", "record", copy, state]);
    expect(check("verify").status).toBe(0);
    appendFileSync(copy, "\n");
    const changed = check("verify");
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain("changed during npm install");
  });

  test(".ci/run records the lock before npm install and verifies it after", () => {
    const run = readFileSync(".ci/run", "utf8");
    const record = run.indexOf("check-lockfile.mjs record");
    const install = run.indexOf("\nnpm install --no-audit");
    const verify = run.indexOf("check-lockfile.mjs verify");
    expect(record).toBeGreaterThan(-1);
    expect(record).toBeLessThan(install);
    expect(verify).toBeGreaterThan(install);
  });
});
