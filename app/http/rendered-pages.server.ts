// Pages rendered for visitors who are not signed in, kept by what they were rendered from
// (docs/decisions/0063-visitor-pages-kept-by-content.md). A document is a pure function of its address
// and its loaders' data: when a later request's loaders answer exactly the same data, the HTML
// rendered before is the HTML this one would render, so it is sent again instead of rendering React
// anew. The loaders still run on every request, so nothing shown is older than the request: an
// order that changes the stock changes the data, hence the key, hence the page (docs/quality.md P1:
// a cache may hold names and prices, never the number available). Signed-in buyers' pages carry
// their name and cart and are never kept in memory.
import { hash } from "node:crypto";
import { Transform } from "node:stream";
import type { EntryContext } from "@remix-run/node";

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_AGE_MS = 60_000;

type Kept = { html: Uint8Array<ArrayBuffer>; keptAt: number };
const kept = new Map<string, Kept>();
let keptBytes = 0;

/**
 * The key of a document that may be kept: a GET of a visitor not signed in, answered 200 without
 * an error, by its address, status and every route's loader data. Undefined otherwise.
 */
export function renderedPageKey(request: Request, status: number, context: EntryContext): string | undefined {
  const handled = context.staticHandlerContext;
  if (request.method !== "GET" || status !== 200 || handled.errors || handled.actionData) return undefined;
  const root = handled.loaderData.root as { user?: unknown } | undefined;
  if (!root || root.user !== null) return undefined;
  return hash("sha256", `${request.url}\n${JSON.stringify(handled.loaderData)}`, "base64url");
}

/** The HTML kept for this key, if any (and young enough). */
export function keptPage(key: string, now = Date.now()): Uint8Array<ArrayBuffer> | undefined {
  const entry = kept.get(key);
  if (!entry) return undefined;
  if (now - entry.keptAt > MAX_AGE_MS) {
    forget(key, entry);
    return undefined;
  }
  // Most recently used last: the oldest go first when the bytes run out.
  kept.delete(key);
  kept.set(key, entry);
  return entry.html;
}

function forget(key: string, entry: Kept) {
  kept.delete(key);
  keptBytes -= entry.html.byteLength;
}

function keep(key: string, html: Uint8Array<ArrayBuffer>) {
  if (html.byteLength > MAX_BYTES / 8) return;
  const previous = kept.get(key);
  if (previous) forget(key, previous);
  for (const [oldKey, entry] of kept) {
    if (keptBytes + html.byteLength <= MAX_BYTES) break;
    forget(oldKey, entry);
  }
  kept.set(key, { html, keptAt: Date.now() });
  keptBytes += html.byteLength;
}

/**
 * A pass-through for the rendered stream that keeps what went through once it ended, unless
 * `failed()` says the render went wrong meanwhile.
 */
export function keepingStream(key: string, failed: () => boolean): Transform {
  const chunks: Buffer[] = [];
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (!failed()) keep(key, new Uint8Array(Buffer.concat(chunks)));
      done();
    },
  });
}

/** Forget every kept page (tests). */
export function forgetRenderedPages() {
  kept.clear();
  keptBytes = 0;
}
