// Runs the job worker: inside `npm start` (unless WORKER=false) or alone with `npm run worker`.
// Any number of workers may share one database; graphile-worker hands each job to one of them.
import { EventEmitter } from "node:events";
import { run, runOnce, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { closeTransports } from "#emails/transport.server";
import { releaseJobsOfDeadWorkers, WORKER_LIVENESS_LOCK, workerLogger } from "./queue.server";
import { parsedCronItems, taskList } from "./tasks.server";

export type LogLevelName = "debug" | "info" | "warning" | "error" | "silent";

export type StartWorkerOptions = {
  /** Defaults to DATABASE_URL. Tasks use the process's database connection (DATABASE_URL) too. */
  connectionString?: string;
  /** Jobs run at once by this worker; defaults to WORKER_CONCURRENCY or 4. */
  concurrency?: number;
  /** Milliseconds between polls when no notification arrived; graphile-worker's default is 2000. */
  pollInterval?: number;
  /** Run the crontab (the outbox sweep each minute); on by default. */
  schedule?: boolean;
  /** Defaults to "warning": graphile-worker reports every finished job, the minute sweep included, at "info". */
  logLevel?: LogLevelName;
};

export type WorkerHandle = {
  /** Stops taking jobs, waits for the running ones, closes the SMTP connections. */
  stop(): Promise<void>;
  /** Settles when the worker ends: with the error that stopped it, or undefined. */
  finished: Promise<Error | undefined>;
};

export function workerConcurrency(): number {
  const value = Number(process.env.WORKER_CONCURRENCY ?? 4);
  return Number.isInteger(value) && value > 0 ? value : 4;
}

function connectionFor(connectionString: string | undefined): string {
  const url = connectionString ?? process.env.DATABASE_URL;
  if (!url) throw new Error("The worker needs DATABASE_URL.");
  process.env.DATABASE_URL ??= url;
  return url;
}

export async function startWorker(options: StartWorkerOptions = {}): Promise<WorkerHandle> {
  const connectionString = connectionFor(options.connectionString);
  const concurrency = options.concurrency ?? workerConcurrency();
  // Our own pool, so its error handler outlives graphile-worker's: when the database stops at the
  // same moment as the worker (the embedded one on Ctrl-C), pg drops the dead idle connection
  // instead of raising an unhandled 'error' event that kills the process.
  const pool = new pg.Pool({ connectionString, max: concurrency + 4 });
  pool.on("error", () => {});
  // Each graphile worker id is held as a session advisory lock on one connection of this process:
  // when the process dies, the locks go with it and other workers free its jobs at once.
  const liveness = await pool.connect();
  const events: WorkerEvents = new EventEmitter();
  let held = Promise.resolve();
  events.on("worker:create", ({ worker }) => {
    // One query at a time on this client.
    held = held.then(() => liveness.query("select pg_advisory_lock($1, hashtext($2))", [WORKER_LIVENESS_LOCK, worker.workerId])).then(() => {}, () => {});
  });
  const runner = await run({
    pgPool: pool,
    events,
    concurrency,
    // Jobs due later (a cycle's close) are found by polling, not notified: half a second keeps the
    // producers' emails queued within two seconds of the close (quality.md P5).
    pollInterval: options.pollInterval ?? 500,
    taskList,
    parsedCronItems: options.schedule === false ? [] : parsedCronItems(),
    // The host process owns SIGINT/SIGTERM and calls stop().
    noHandleSignals: true,
    logger: workerLogger(options.logLevel ?? "warning"),
  }).catch(async (error: unknown) => {
    liveness.release();
    await pool.end().catch(() => {});
    throw error;
  });
  // Catch up at once with rows written while no worker ran, rather than at the next minute.
  await releaseJobsOfDeadWorkers().catch(() => 0);
  await runner.addJob("sweep_outbox", {}, { jobKey: "sweep_outbox" });
  if (options.schedule !== false) await runner.addJob("close_cycles", {}, { jobKey: "close_cycles" });

  const finished = runner.promise.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  let stopping: Promise<void> | undefined;
  return {
    finished,
    stop() {
      stopping ??= runner
        .stop()
        .catch(() => {})
        .then(() => liveness.release())
        .then(() => pool.end())
        .catch(() => {})
        .finally(() => closeTransports());
      return stopping;
    },
  };
}

/** Runs every job that is due now, then returns (tests, one-off catch-up). */
export async function runJobsOnce(options: Pick<StartWorkerOptions, "connectionString" | "logLevel"> = {}): Promise<void> {
  const connectionString = connectionFor(options.connectionString);
  await runOnce({ connectionString, taskList, noHandleSignals: true, logger: workerLogger(options.logLevel ?? "warning") });
}
