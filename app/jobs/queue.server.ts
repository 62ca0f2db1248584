// Adding jobs to the Postgres-backed queue (graphile-worker) from inside the caller's transaction,
// so a job exists exactly when the change that needs it was committed.
import { settings } from "#app/config/settings.server";
import { sql } from "drizzle-orm";
import { Logger, runMigrations, type LogLevel } from "graphile-worker";
import { getDb, type Executor } from "#db/connection.server";
import { underMigrationLock } from "#db/migrate";

declare global {
  namespace GraphileWorker {
    /** Payload of every task; a task added here must also be listed in `app/jobs/tasks.server.ts`. */
    interface Tasks {
      deliver_email: { outboxId: string };
      sweep_outbox: Record<string, never>;
      close_cycles: Record<string, never>;
      send_reminders: Record<string, never>;
      notify_order_adjusted: { orderId: string };
      refund_card: { refundId: string };
      supplier_amendment: { cycleId: string; supplierId: string };
      deliver_webhook: { deliveryId: string };
    }
  }
}

export type JobName = keyof GraphileWorker.Tasks;

export type JobOptions = {
  /** At most one pending job per key: adding the same key again replaces the waiting job. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** graphile-worker's job_key_mode: "preserve_run_at" keeps a waiting job's run_at (a debounce that does not slide). */
  jobKeyMode?: "replace" | "preserve_run_at";
};

/** The queue's own tables live in this schema, created by graphile-worker's migrations. */
const JOB_SCHEMA = "graphile_worker";

const installedIn = new Set<string>();

/**
 * Whether the job queue's schema exists in this database. Only a positive answer is cached:
 * graphile-worker installs it on its first start, and it never goes away after that.
 */
export async function isJobQueueInstalled(db: Executor = getDb()): Promise<boolean> {
  const key = settings().databaseUrl ?? "";
  if (installedIn.has(key)) return true;
  const [row] = await db.execute<{ installed: boolean }>(
    sql`select exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = ${JOB_SCHEMA} and p.proname = 'add_job') as installed`,
  );
  if (row?.installed) installedIn.add(key);
  return Boolean(row?.installed);
}

/**
 * Adds a job in the given transaction (or on its own). It becomes visible to workers when the
 * transaction commits and vanishes with it on rollback. Throws when the queue is not installed:
 * a job is never dropped silently.
 */
export async function addJob<Name extends JobName>(
  name: Name,
  payload: GraphileWorker.Tasks[Name],
  options: JobOptions = {},
  db: Executor = getDb(),
): Promise<void> {
  await db.execute(sql`select 1 from graphile_worker.add_job(
    ${name}::text,
    ${JSON.stringify(payload)}::json,
    run_at => ${options.runAt ? options.runAt.toISOString() : null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? null}::integer,
    job_key => ${options.jobKey ?? null}::text,
    job_key_mode => ${options.jobKeyMode ?? "replace"}::text
  )`);
}

/** Many jobs of one task in one statement (each with its own key), in the given transaction: addJob's batch form. */
export async function addJobs<Name extends JobName>(
  name: Name,
  jobs: readonly ({ payload: GraphileWorker.Tasks[Name] } & Pick<JobOptions, "jobKey" | "runAt" | "jobKeyMode">)[],
  db: Executor = getDb(),
): Promise<void> {
  if (jobs.length === 0) return;
  const rows = JSON.stringify(
    jobs.map((job) => ({ payload: job.payload, key: job.jobKey ?? null, run_at: job.runAt?.toISOString() ?? null, mode: job.jobKeyMode ?? "replace" })),
  );
  await db.execute(sql`select graphile_worker.add_job(${name}::text, j.payload, run_at => j.run_at, job_key => j.key, job_key_mode => j.mode)
    from json_to_recordset(${rows}::json) as j(payload json, key text, run_at timestamptz, mode text)`);
}

/** Installs or upgrades the queue's schema; the worker also does this when it starts. */
export async function migrateJobQueue(connectionString: string): Promise<void> {
  await underMigrationLock(connectionString, () => runMigrations({ connectionString, logger: workerLogger("warning") }));
}

const levels = ["debug", "info", "warning", "error"] as const;

/** graphile-worker's logger, printing only from `minimum` up (it reports every finished job at info). */
export function workerLogger(minimum: (typeof levels)[number] | "silent" = "info"): Logger {
  const floor = minimum === "silent" ? levels.length : levels.indexOf(minimum);
  return new Logger((scope) => (level: LogLevel, message: string) => {
    if (levels.indexOf(level as (typeof levels)[number]) < floor) return;
    const prefix = `[worker${scope.taskIdentifier ? `:${scope.taskIdentifier}` : ""}${scope.jobId ? `#${scope.jobId}` : ""}]`;
    const line = `${prefix} ${message}`;
    if (level === "error") console.error(line);
    else if (level === "warning") console.warn(line);
    else console.log(line);
  });
}

/** Advisory-lock class under which each live worker holds a session lock per graphile worker id. */
export const WORKER_LIVENESS_LOCK = 424242;

/**
 * Frees the jobs held by workers whose process died (SIGKILL, lost machine): their session locks
 * went with their connection, so a transaction-level try-lock on their id succeeds. graphile-worker
 * alone would wait four hours before retrying such a job. A job freed this way may run again; every
 * task is idempotent under its own row locks, so nothing is sent twice.
 */
export async function releaseJobsOfDeadWorkers(db: Executor = getDb()): Promise<number> {
  // One statement, so the transaction-level try-locks are taken and released on one connection.
  const [row] = await db.execute<{ released: number }>(sql`
    with dead as (
      select array(
        select w.locked_by from (select distinct locked_by from graphile_worker.jobs where locked_by is not null) w
        where pg_try_advisory_xact_lock(${WORKER_LIVENESS_LOCK}, hashtext(w.locked_by))
      ) as ids
    )
    select cardinality(ids) as released, graphile_worker.force_unlock_workers(ids)::text as unlocked from dead`);
  return Number(row?.released ?? 0);
}
