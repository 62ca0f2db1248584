// `npm run worker`: the job worker on its own, for running workers apart from the web servers
// (then start those with WORKER=false). Stops gracefully on SIGINT/SIGTERM.
import { closeDb } from "../db/connection.server";
import { loadInstanceSecrets } from "../app/config/instance-secrets.server";
import { settingsAtStart } from "../app/config/settings.server";
import { startWorker } from "../app/jobs/worker.server";

const settings = settingsAtStart();
if (!settings.databaseUrl) {
  console.error("npm run worker needs DATABASE_URL: the embedded database belongs to `npm start`, which already runs a worker (unless WORKER=false).");
  process.exit(1);
}

// The links in the emails it sends are signed with the secret the web servers check.
await loadInstanceSecrets(settings.databaseUrl);
const concurrency = settings.workerConcurrency;
const worker = await startWorker({ connectionString: settings.databaseUrl, concurrency });
console.log(`Circuit worker running (concurrency ${concurrency}); mail goes ${settings.smtpUrl ? "through SMTP_URL" : "to .eml files in DATA_DIR/mail"}.`);

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
