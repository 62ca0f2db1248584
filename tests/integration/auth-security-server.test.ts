// The production server (scripts/serve.mjs) refuses a browser's cross-site POST with 403 before
// Remix sees it (Remix itself would answer 500): JSON for the API, a short text for pages, and
// nothing runs. Served here with a stub build whose actions record that they ran.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** A Remix server build reduced to what serve.mjs and Remix's handler read: a page and an API route. */
const stubBuild = `
import { appendFileSync } from "node:fs";
const ran = (what) => appendFileSync(process.env.STUB_RAN_FILE, what + "\\n");
export const mode = "production";
export const future = { v3_singleFetch: true, v3_relativeSplatPath: true, v3_throwAbortReason: true };
export const basename = undefined;
export const isSpaMode = false;
export const publicPath = "/build/";
export const assetsBuildDirectory = "public/build";
export const assets = { url: "/build/manifest.js", version: "stub", entry: { module: "", imports: [] }, routes: {} };
export const entry = { module: {
  default: () => new Response("<!doctype html><p>page</p>", { headers: { "Content-Type": "text/html" } }),
  prepareServer: async () => ({ port: Number(process.env.PORT), host: process.env.HOST, appOrigin: new URL(process.env.APP_URL).origin, trustProxy: process.env.TRUST_PROXY === "true", nodeEnv: "production" }),
} };
export const routes = {
  root: { id: "root", path: "", module: { default: () => null } },
  "routes/page": { id: "routes/page", parentId: "root", path: "page", module: { default: () => null, action: async () => { ran("page"); return { ok: true }; } } },
  "routes/address": { id: "routes/address", parentId: "root", path: "api/v1/address", module: { loader: async ({ request }) => Response.json({ address: request.headers.get("x-circuit-client-address") }) } },
  "routes/api": { id: "routes/api", parentId: "root", path: "api/v1/echo", module: { action: async () => { ran("api"); return Response.json({ ran: true }); } } },
};
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
let ranFile: string;
let child: ChildProcess | undefined;
let base: string;

function ran(): string[] {
  return existsSync(ranFile) ? readFileSync(ranFile, "utf8").split("\n").filter(Boolean) : [];
}

function post(pathname: string, headers: Record<string, string>, body = "name=x") {
  return fetch(`${base}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body,
    redirect: "manual",
  });
}

async function startServe(extraEnv: Record<string, string> = {}): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = spawn(process.execPath, [path.join(root, "scripts/serve.mjs"), path.join(dir, "build.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_URL: url, NODE_ENV: "production", STUB_RAN_FILE: ranFile, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start:\n${output}`)), 20_000);
    started.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("[remix-serve]")) {
        clearTimeout(timer);
        resolve();
      }
    });
    started.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}:\n${output}`));
    });
  });
  return { base: url, child: started };
}

async function stopServe(server: ChildProcess | undefined) {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    // Not SIGTERM: a graceful close would wait out fetch's keep-alive connections.
    server.kill("SIGKILL");
    await exited;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "circuit-serve-"));
  ranFile = path.join(dir, "ran.txt");
  writeFileSync(path.join(dir, "build.mjs"), stubBuild);
  ({ base, child } = await startServe());
});

afterAll(async () => {
  await stopServe(child);
  rmSync(dir, { recursive: true, force: true });
});

describe("the production server, for a POST from another site", () => {
  it("answers a page form 403 with a short refusal in the reader's language, and runs no action", async () => {
    const english = await post("/page", { Origin: "https://evil.example" });
    expect(english.status).toBe(403);
    expect(english.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await english.text()).toBe("This request came from another site and was refused.");
    expect(english.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    const french = await post("/page", { "Sec-Fetch-Site": "cross-site", "Accept-Language": "fr-FR,fr;q=0.9" });
    expect(french.status).toBe(403);
    expect(await french.text()).toContain("autre site");
    expect(ran()).toEqual([]);
  });

  it("refuses the enhanced form's data request and an opaque (null) Origin the same way", async () => {
    expect((await post("/page.data", { Origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/page", { Origin: "null" })).status).toBe(403);
    expect((await post("/page", { Origin: "not a url" })).status).toBe(403);
    expect(ran()).toEqual([]);
  });

  it("answers the API with the JSON error of docs/api.md: 403 cross_origin, before the action runs", async () => {
    const res = await fetch(`${base}/api/v1/echo`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "cross_origin", message: "This request came from another site and was refused.", fields: {} } });
    expect(ran()).toEqual([]);
  });
});

describe("the production server, for a POST from its own site or from a non-browser client", () => {
  it("lets a page form from its own origin through to its action", async () => {
    const res = await post("/page", { Origin: base, "Sec-Fetch-Site": "same-origin" });
    expect(res.status).toBe(200);
    expect(ran()).toContain("page");
  });

  it("lets an API call without Origin (curl, a CRM) through", async () => {
    const res = await fetch(`${base}/api/v1/echo`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ran: true });
    expect(ran()).toContain("api");
  });
});

describe("the client address the rate limits count", () => {
  const addressSeen = async (url: string, headers: Record<string, string>) =>
    ((await (await fetch(`${url}/api/v1/address`, { headers })).json()) as { address: string }).address;

  it("is the socket's, whatever X-Forwarded-For or our own header the client sends, unless TRUST_PROXY is set", async () => {
    const seen = await addressSeen(base, { "X-Forwarded-For": "203.0.113.9", "X-Circuit-Client-Address": "198.51.100.1" });
    expect(seen).toMatch(/127\.0\.0\.1$/);
  });

  it("is X-Forwarded-For's first hop behind a trusted proxy (TRUST_PROXY=true)", async () => {
    const proxied = await startServe({ TRUST_PROXY: "true" });
    try {
      expect(await addressSeen(proxied.base, { "X-Forwarded-For": "203.0.113.9" })).toBe("203.0.113.9");
      expect(await addressSeen(proxied.base, { "X-Circuit-Client-Address": "198.51.100.1" })).toMatch(/127\.0\.0\.1$/);
    } finally {
      await stopServe(proxied.child);
    }
  });
});
