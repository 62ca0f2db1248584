// The production web server: remix-serve's setup (compression, static assets, request log, the
// Remix handler) with one addition in front. Remix itself answers 500 to a form posted from another
// site; Circuit refuses it with 403 before Remix sees it (docs/quality.md: every mutation checks Origin).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = await import(pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const settings = await build.entry.module.prepareServer();
build.entry.module.answerUnavailableWhenTheDatabaseIsLost?.(build.routes);

const refusal = Object.fromEntries(
  ["en", "fr"].map((locale) => [locale, JSON.parse(readFileSync(path.resolve("locales", locale, "errors.json"), "utf8")).codes.cross_origin]),
);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CLIENT_ADDRESS_HEADER = "x-circuit-client-address";
const appOrigin = settings.appOrigin;

/** A browser's cross-site POST (Sec-Fetch-Site or an Origin that is neither this host nor APP_URL). */
function crossSite(req) {
  if (SAFE_METHODS.has(req.method)) return false;
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = req.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    const host = new URL(origin).host;
    return host !== (req.get("x-forwarded-host") ?? req.get("host")) && origin !== appOrigin;
  } catch {
    return true;
  }
}

const app = express();
app.disable("x-powered-by");
// Behind a proxy (TRUST_PROXY=true) the client's address is the first hop of X-Forwarded-For;
// otherwise that header is the client's own words and the socket's address is used.
app.set("trust proxy", settings.trustProxy);
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
// Only the files public/ holds at start reach the static handler: asking the disk on every page
// and API request cost a stat each.
const publicFiles = new Set(
  (existsSync("public") ? readdirSync("public", { recursive: true }) : []).map((name) => `/${String(name).split(path.sep).join("/")}`),
);
const publicStatic = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
// The request log is written a batch at a time (every quarter second, or 64 kB): one write per
// request to a piped stdout cost the shop API a tenth of its time (docs/performance.md, P1).
const requestLog = {
  lines: [],
  bytes: 0,
  timer: undefined,
  write(line) {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= 65_536) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), 250).unref();
  },
  flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length) process.stdout.write(this.lines.join(""));
    this.lines = [];
    this.bytes = 0;
  },
};
process.once("exit", () => requestLog.flush());
app.use(morgan("tiny", { stream: requestLog }));
// The one client address the app reads (rate limits): set here, whatever the client sent.
app.use((req, _res, next) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? "unknown";
  next();
});
app.use((req, res, next) => {
  if (!crossSite(req)) return next();
  res.set({ "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Referrer-Policy": "same-origin" });
  const message = refusal[/^fr\b/i.test(req.get("accept-language") ?? "") ? "fr" : "en"];
  if (req.path.startsWith("/api/")) return res.status(403).json({ error: { code: "cross_origin", message, fields: {} } });
  res.status(403).type("text/plain; charset=utf-8").send(message);
});
app.all("*", createRequestHandler({ build, mode: settings.nodeEnv }));

const port = settings.port;
const server = settings.host ? app.listen(port, settings.host, listening) : app.listen(port, listening);
function listening() {
  console.log(`[remix-serve] http://localhost:${port}`);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
