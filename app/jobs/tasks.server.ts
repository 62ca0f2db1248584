// Every task the worker knows, and its schedule. A new job kind is added here and its payload
// type in app/jobs/queue.server.ts.
import { parseCrontab, type Task, type TaskList } from "graphile-worker";
import { deliverOutboxEmail, sweepOutbox } from "#emails/deliver.server";

/** Sends one outbox row; the job's last attempt marks the row failed instead of retrying. */
export const deliverEmail: Task<"deliver_email"> = async (payload, helpers) => {
  if (typeof payload?.outboxId !== "string") {
    helpers.logger.error(`deliver_email without an outboxId: ${JSON.stringify(payload)}`);
    return;
  }
  await deliverOutboxEmail(payload.outboxId, { isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
};

/** Gives a delivery job to queued rows that have none (see `sweepOutbox`). */
export const sweepOutboxTask: Task<"sweep_outbox"> = async (_payload, helpers) => {
  const added = await sweepOutbox();
  if (added > 0) helpers.logger.info(`Gave ${added} waiting email(s) a delivery job`);
};

export const taskList: TaskList = {
  deliver_email: deliverEmail as Task,
  sweep_outbox: sweepOutboxTask as Task,
};

/**
 * graphile-worker crontab: the outbox sweep every minute. graphile-worker records each tick in
 * the database, so with several worker instances a tick still runs once.
 */
export const crontab = ["* * * * * sweep_outbox ?max=1&jobKey=sweep_outbox"].join("\n");

export const parsedCronItems = () => parseCrontab(crontab);
