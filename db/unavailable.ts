// Whether an error means the database is out of reach (restarting, network down), as opposed to a
// refusal or a bug: requests then answer 503 and processes carry on (docs/quality.md R8).

const connectionErrorCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * The database is out of reach (restarting, network down): the request fails cleanly with 503
 * and the next one reconnects by itself (docs/quality.md R8). SQLSTATE class 08 and 57P01–57P03 too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const code = String((error as { code?: unknown }).code ?? "");
  if (connectionErrorCodes.has(code) || code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

let guarded = false;

/**
 * Keeps a long-running process (web server, worker) alive through a database restart. Some
 * libraries leave a promise rejected with the lost connection's error unhandled on their shutdown
 * paths (graphile-worker 0.16's worker pool), which Node turns into an exit. Those are logged;
 * any other unhandled rejection still ends the process, as Node would.
 */
export function surviveDatabaseLoss() {
  if (guarded) return;
  guarded = true;
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    console.warn(`A database call failed while the database was out of reach (${String((reason as { code?: unknown }).code ?? reason)}); carrying on.`);
  });
}
