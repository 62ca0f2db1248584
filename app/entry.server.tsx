// Server rendering of documents, with the security headers every page carries.
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { loadInstanceSecrets } from "#app/config/instance-secrets.server";
import { settingsAtStart, type Settings } from "#app/config/settings.server";
import { isDatabaseUnavailable } from "#app/http/errors.server";
import { surviveDatabaseLoss } from "#db/unavailable";
export { answerUnavailableWhenTheDatabaseIsLost } from "#app/http/errors.server";
import { withSecurityHeaders } from "#app/http/security.server";
import { keepingStream, keptPage, renderedPageKey } from "#app/http/rendered-pages.server";

const ABORT_DELAY = 5_000;

/**
 * Called by the web server (scripts/serve.mjs) before it listens: the settings are validated once
 * (a bad value stops the start) and the instance's secrets are read from the database, so a web
 * server needs nothing but DATABASE_URL to sign and check what every other process signs.
 */
export async function prepareServer(): Promise<Settings> {
  const current = settingsAtStart();
  surviveDatabaseLoss();
  await loadInstanceSecrets();
  return current;
}

export function handleDataRequest(response: Response) {
  withSecurityHeaders(response.headers);
  return response;
}

/**
 * Documents whose loader lost the database. Remix hides a loader's error behind a generic one in
 * production before the page renders, so the original is noted here, where Remix reports it.
 */
const lostTheDatabase = new WeakSet<Request>();

export function handleError(error: unknown, { request }: { request: Request }) {
  if (isDatabaseUnavailable(error)) {
    lostTheDatabase.add(request);
    console.warn(`The database is out of reach (${request.method} ${new URL(request.url).pathname}): answered 503.`);
    return;
  }
  if (!request.signal.aborted) console.error(error);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  // A page whose loader lost the database says so with 503, so proxies and monitors retry.
  if (lostTheDatabase.has(request) || Object.values(remixContext.staticHandlerContext.errors ?? {}).some(isDatabaseUnavailable)) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", "5");
  }
  // A visitor's page rendered before from exactly the same data is sent again as it was.
  const keptKey = renderedPageKey(request, responseStatusCode, remixContext);
  const keptHtml = keptKey ? keptPage(keptKey) : undefined;
  // Says whether a visitor's page was sent again (operators, the tests); signed-in pages carry none.
  if (keptKey) responseHeaders.set("X-Page-Cache", keptHtml ? "hit" : "miss");
  if (keptHtml) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    withSecurityHeaders(responseHeaders);
    return new Response(keptHtml, { headers: responseHeaders, status: responseStatusCode });
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = keptKey ? keepingStream(keptKey, () => failed) : new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        withSecurityHeaders(responseHeaders);
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        failed = true;
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
