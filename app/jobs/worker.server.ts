// Runs the job worker: inside `npm start` (unless WORKER=false) or alone with `npm run worker`.
// Any number of workers may share one database; graphile-worker hands each job to one of them.
import { EventEmitter } from "node:events";
import { run, runOnce, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { closeTransports } from "#app/mail/transport.server";
import { settings } from "#app/config/settings.server";
import { surviveDatabaseLoss } from "#db/unavailable";
import { releaseJobsOfDeadWorkers, WORKER_LIVENESS_LOCK, workerLogger } from "./queue.server";
import { parsedCronItems, taskList } from "./tasks.server";

type LogLevelName = "debug" | "info" | "warning" | "error" | "silent";

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

function workerConcurrency(): number {
  return settings().workerConcurrency;
}

function connectionFor(connectionString: string | undefined): string {
  const url = connectionString ?? settings().databaseUrl;
  if (!url) throw new Error("The worker needs DATABASE_URL.");
  return url;
}

export async function startWorker(options: StartWorkerOptions = {}): Promise<WorkerHandle> {
  const connectionString = connectionFor(options.connectionString);
  const concurrency = options.concurrency ?? workerConcurrency();
  surviveDatabaseLoss();
  // Our own pool, so its error handler outlives graphile-worker's: when the database stops at the
  // same moment as the worker (the embedded one on Ctrl-C), pg drops the dead idle connection
  // instead of raising an unhandled 'error' event that kills the process.
  const pool = new pg.Pool({ connectionString, max: concurrency + 4 });
  pool.on("error", () => {});
  const liveness = livenessLocks(pool);
  await liveness.connect();
  const events: WorkerEvents = new EventEmitter();
  events.on("worker:create", ({ worker }) => liveness.hold(worker.workerId));

  const startRunner = async () => {
    const started = await run({
      pgPool: pool,
      events,
      concurrency,
      // Jobs due later (a cycle's close) are found by polling, not notified: half a second keeps the
      // producers' emails queued within two seconds of the close (docs/quality.md P5).
      pollInterval: options.pollInterval ?? 500,
      taskList,
      parsedCronItems: options.schedule === false ? [] : parsedCronItems(),
      // The host process owns SIGINT/SIGTERM and calls stop().
      noHandleSignals: true,
      logger: workerLogger(options.logLevel ?? "warning"),
    });
    // Catch up at once with rows written while no worker ran, rather than at the next minute.
    await releaseJobsOfDeadWorkers().catch(() => 0);
    await started.addJob("sweep_outbox", {}, { jobKey: "sweep_outbox" });
    if (options.schedule !== false) await started.addJob("close_cycles", {}, { jobKey: "close_cycles" });
    started.promise.catch(() => restartWhenTheDatabaseAnswers());
    return started;
  };

  let runner = await startRunner().catch(async (error: unknown) => {
    await liveness.release();
    await pool.end().catch(() => {});
    throw error;
  });

  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  let ended: (error?: Error) => void = () => {};
  const finished = new Promise<Error | undefined>((resolve) => (ended = resolve));

  /**
   * graphile-worker ends a worker for good when it cannot record a job's outcome (the database
   * went away mid-job: "committing seppuku"), and does not replace it. So the runner is restarted
   * whole, with fresh worker ids, as soon as the database answers again; the dead ids' jobs are
   * then freed by `releaseJobsOfDeadWorkers` and run again (every task is idempotent).
   */
  function restartWhenTheDatabaseAnswers() {
    if (stopping || restarting) return;
    console.warn("[worker] A job worker stopped on a database error; the job runner restarts as soon as the database answers.");
    restarting = (async () => {
      await runner.stop().catch(() => {});
      await liveness.reset();
      for (let wait = 500; !stopping; wait = Math.min(wait * 2, 5_000)) {
        try {
          await pool.query("select 1");
          await liveness.connect();
          runner = await startRunner();
          console.warn("[worker] The job runner is running again.");
          return;
        } catch {
          await liveness.reset();
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    })().finally(() => {
      restarting = undefined;
    });
  }
  events.on("worker:fatalError", () => restartWhenTheDatabaseAnswers());

  return {
    finished,
    stop() {
      stopping ??= (async () => {
        await restarting?.catch(() => {});
        await runner.stop().catch(() => {});
        await liveness.release();
        await pool.end().catch(() => {});
        closeTransports();
        ended(undefined);
      })();
      return stopping;
    },
  };
}

/**
 * Each graphile worker id is held as a session advisory lock on one connection of this process:
 * when the process dies, the locks go with it and other workers free its jobs at once. When the
 * database restarts, that connection dies with an 'error' event (57P01), which must be handled or
 * it kills the process; the locks are then taken again on a new connection as soon as one opens.
 */
function livenessLocks(pool: pg.Pool) {
  const ids = new Set<string>();
  let client: pg.PoolClient | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  // One query at a time on the connection.
  let queue: Promise<unknown> = Promise.resolve();
  const take = (on: pg.PoolClient, id: string) => on.query("select pg_advisory_lock($1, hashtext($2))", [WORKER_LIVENESS_LOCK, id]);

  function lose(lost: pg.PoolClient) {
    if (client !== lost) return;
    client = undefined;
    lost.release(true);
    reconnectLater();
  }
  function reconnectLater() {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      queue = queue.then(connect).catch(reconnectLater);
    }, 1_000);
  }
  async function connect() {
    if (stopped) return;
    const opened = await pool.connect();
    opened.on("error", () => lose(opened));
    client = opened;
    try {
      for (const id of ids) await take(opened, id);
    } catch (error) {
      lose(opened);
      throw error;
    }
  }
  return {
    connect,
    hold(id: string) {
      ids.add(id);
      queue = queue.then(() => (client ? take(client, id) : undefined)).catch(() => (client ? lose(client) : undefined));
    },
    /** Drops every lock (the connection goes) and forgets the ids: a restarted runner has new ones. */
    async reset() {
      clearTimeout(retry);
      retry = undefined;
      await queue.catch(() => {});
      ids.clear();
      const last = client;
      client = undefined;
      last?.release(true);
    },
    async release() {
      stopped = true;
      clearTimeout(retry);
      await queue.catch(() => {});
      const last = client;
      client = undefined;
      last?.release();
    },
  };
}

/** Runs every job that is due now, then returns (tests, one-off catch-up). */
export async function runJobsOnce(options: Pick<StartWorkerOptions, "connectionString" | "logLevel"> = {}): Promise<void> {
  const connectionString = connectionFor(options.connectionString);
  await runOnce({ connectionString, taskList, noHandleSignals: true, logger: workerLogger(options.logLevel ?? "warning") });
}
