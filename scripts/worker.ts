// `npm run worker`: the job worker on its own, for running workers apart from the web servers
// (then start those with WORKER=false). Stops gracefully on SIGINT/SIGTERM.
import { closeDb } from "../db/connection.server";
import { startWorker, workerConcurrency } from "../app/jobs/worker.server";

if (!process.env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL: the embedded database belongs to `npm start`, which already runs a worker (unless WORKER=false).",
  );
  process.exit(1);
}

const concurrency = workerConcurrency();
const worker = await startWorker({ connectionString: process.env.DATABASE_URL, concurrency });
console.log(`Circuit worker running (concurrency ${concurrency}); mail goes ${process.env.SMTP_URL ? "through SMTP_URL" : "to .eml files in DATA_DIR/mail"}.`);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await closeDb().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
const error = await worker.finished;
if (error) console.error(error);
await shutdown(error ? 1 : 0);
