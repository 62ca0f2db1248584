// The production web server: remix-serve's setup (compression, static assets, request log, the
// Remix handler) with one addition in front. Remix itself answers 500 to a form posted from another
// site; Circuit refuses it with 403 before Remix sees it (quality.md: every mutation checks Origin).
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

const refusal = Object.fromEntries(["en", "fr"].map((locale) => [locale, JSON.parse(readFileSync(path.resolve("locales", locale, "errors.json"), "utf8")).codes.cross_origin]));

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

/**
 * A two-second cache of shop pages for visitors without cookies (no session, no cart), per URL
 * and language: the same page for everyone in those two seconds, as a reverse proxy's micro-cache
 * would keep it. A visitor with a cart or an account always gets a fresh page; stock is still
 * taken atomically at checkout.
 */
const SHOP_PAGE_TTL_MS = 2_000;
/** The cache's bound: pages are 100–300 kB each, and every search is a page of its own. */
const SHOP_PAGES_MAX_BYTES = 24 * 1024 * 1024;
const shopPages = new Map();
let shopPagesBytes = 0;
function keepShopPage(key, page) {
  const previous = shopPages.get(key);
  if (previous) {
    shopPages.delete(key);
    shopPagesBytes -= previous.body.length;
  }
  shopPages.set(key, page);
  shopPagesBytes += page.body.length;
  // Oldest first (a Map keeps insertion order): the expired, then as many as the bound needs.
  const now = Date.now();
  for (const [oldKey, old] of shopPages) {
    if (old.expires > now && shopPagesBytes <= SHOP_PAGES_MAX_BYTES) break;
    shopPages.delete(oldKey);
    shopPagesBytes -= old.body.length;
  }
}
function shopMicroCache(req, res, next) {
  if (req.method !== "GET" || !req.path.startsWith("/shop/") || req.get("cookie")) return next();
  const language = /^fr\b/i.test(req.get("accept-language") ?? "") ? "fr" : "en";
  const key = `${language} ${req.originalUrl}`;
  const hit = shopPages.get(key);
  if (hit && hit.expires > Date.now()) {
    res.status(200).set(hit.headers).set("X-Micro-Cache", "hit");
    return res.end(hit.body);
  }
  const chunks = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = (chunk, ...rest) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    return write(chunk, ...rest);
  };
  res.end = (chunk, ...rest) => {
    if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk));
    const type = String(res.getHeader("content-type") ?? "");
    if (res.statusCode === 200 && type.startsWith("text/html") && !res.getHeader("set-cookie")) {
      const headers = {};
      for (const name of ["content-type", "content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy", "cache-control"]) {
        const value = res.getHeader(name);
        if (value !== undefined) headers[name] = value;
      }
      keepShopPage(key, { expires: Date.now() + SHOP_PAGE_TTL_MS, headers, body: Buffer.concat(chunks) });
    }
    return end(chunk, ...rest);
  };
  next();
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
const publicFiles = new Set((existsSync("public") ? readdirSync("public", { recursive: true }) : []).map((name) => `/${String(name).split(path.sep).join("/")}`));
const publicStatic = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));
app.use(morgan("tiny"));
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
app.use(shopMicroCache);
app.all("*", createRequestHandler({ build, mode: settings.nodeEnv }));

const port = settings.port;
const server = settings.host ? app.listen(port, settings.host, listening) : app.listen(port, listening);
function listening() {
  console.log(`[remix-serve] http://localhost:${port}`);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close());
