// Every task the worker knows, and its schedule. A new job kind is added here and its payload
// type in app/jobs/queue.server.ts.
import { parseCrontab, type Task, type TaskList } from "graphile-worker";
import { hasDueCycles, processDueCycles } from "#app/domain/notifications/closing.server";
import { sendDueReminders } from "#app/domain/notifications/reminders.server";
import { sendClosingSoonReminders } from "#app/domain/marketing/closing-soon.server";
import { sendOrderAdjustedEmail, sendOverdueAdjustedEmails } from "#app/domain/notifications/order-adjusted.server";
import { sendSupplierAmendment } from "#app/domain/notifications/amendments.server";
import { deliverOutboxEmail, sweepOutbox } from "#app/mail/deliver.server";
import { executeCardRefund } from "#app/domain/payments/card-refunds.server";
import { deliverWebhook, sweepWebhookDeliveries } from "#app/domain/webhooks/deliver.server";
import { announceOpenedCycles } from "#app/domain/order-cycles/opening.server";
import { releaseJobsOfDeadWorkers } from "./queue.server";

/** Sends one outbox row; the job's last attempt marks the row failed instead of retrying. */
const deliverEmail: Task<"deliver_email"> = async (payload, helpers) => {
  if (typeof payload?.outboxId !== "string") {
    helpers.logger.error(`deliver_email without an outboxId: ${JSON.stringify(payload)}`);
    return;
  }
  await deliverOutboxEmail(payload.outboxId, { isLastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
};

/** Gives a delivery job to queued rows that have none (see `sweepOutbox`). */
const sweepOutboxTask: Task<"sweep_outbox"> = async (_payload, helpers) => {
  const released = await releaseJobsOfDeadWorkers();
  if (released > 0) helpers.logger.warn(`Freed the jobs of ${released} worker(s) that died`);
  const added = await sweepOutbox();
  if (added > 0) helpers.logger.info(`Gave ${added} waiting email(s) a delivery job`);
  const webhooks = await sweepWebhookDeliveries();
  if (webhooks > 0) helpers.logger.info(`Gave ${webhooks} waiting webhook deliveries a job`);
  const told = await sendOverdueAdjustedEmails();
  if (told > 0) helpers.logger.info(`Told ${told} buyer(s) of adjustments their job missed`);
};

/** The buyer's batched "your order was adjusted" email, 10 minutes after the batch's first change. */
const notifyOrderAdjusted: Task<"notify_order_adjusted"> = async (payload, helpers) => {
  if (typeof payload?.orderId !== "string") {
    helpers.logger.error(`notify_order_adjusted without an orderId: ${JSON.stringify(payload)}`);
    return;
  }
  await sendOrderAdjustedEmail(payload.orderId);
};

/** Announces cycles that opened, then processes every cycle whose close has passed: producer emails and the coordinator's digest. */
const closeCyclesTask: Task<"close_cycles"> = async (_payload, helpers) => {
  const opened = await announceOpenedCycles(new Date());
  if (opened.length > 0) helpers.logger.info(`Told of the opening of ${opened.length} cycle(s)`);
  const processed = await processDueCycles(new Date());
  if (processed.length > 0) helpers.logger.info(`Processed the close of ${processed.length} cycle(s)`);
  // A cycle skipped because an order was still being written gets another try in two seconds.
  if (await hasDueCycles()) await helpers.addJob("close_cycles", {}, { jobKey: "close_cycles_retry", runAt: new Date(Date.now() + 2000) });
};

/** Reminds buyers of their pickup on the days their distributor picked (decision 0054), and those with a cart waiting that a cycle closes soon. */
const sendRemindersTask: Task<"send_reminders"> = async (_payload, helpers) => {
  const sent = await sendDueReminders(new Date());
  if (sent > 0) helpers.logger.info(`Queued ${sent} buyer reminder(s)`);
  const nudged = await sendClosingSoonReminders(new Date());
  if (nudged > 0) helpers.logger.info(`Queued ${nudged} closing-soon reminder(s)`);
};

/** Asks Stripe for one card refund recorded pending (decision 0036); a retryable failure throws, so the job runs again. */
const refundCardTask: Task<"refund_card"> = async (payload, helpers) => {
  if (typeof payload?.refundId !== "string") {
    helpers.logger.error(`refund_card without a refundId: ${JSON.stringify(payload)}`);
    return;
  }
  await executeCardRefund(payload.refundId, { throwOnRetryable: true });
};

/** One batched amendment to a supplier: what changed since its last email, or nothing. */
const supplierAmendmentTask: Task<"supplier_amendment"> = async (payload, helpers) => {
  if (typeof payload?.cycleId !== "string" || typeof payload?.supplierId !== "string") {
    helpers.logger.error(`supplier_amendment without a cycle and supplier: ${JSON.stringify(payload)}`);
    return;
  }
  if (await sendSupplierAmendment(payload.cycleId, payload.supplierId, new Date())) helpers.logger.info("Queued a supplier amendment");
};

/** One webhook delivery attempt; a failure schedules its own retry (app/domain/webhooks/schedule.ts), so the job itself succeeds. */
const deliverWebhookTask: Task<"deliver_webhook"> = async (payload, helpers) => {
  if (typeof payload?.deliveryId !== "string") {
    helpers.logger.error(`deliver_webhook without a deliveryId: ${JSON.stringify(payload)}`);
    return;
  }
  await deliverWebhook(payload.deliveryId);
};

export const taskList: TaskList = {
  deliver_email: deliverEmail as Task,
  sweep_outbox: sweepOutboxTask as Task,
  close_cycles: closeCyclesTask as Task,
  send_reminders: sendRemindersTask as Task,
  notify_order_adjusted: notifyOrderAdjusted as Task,
  refund_card: refundCardTask as Task,
  supplier_amendment: supplierAmendmentTask as Task,
  deliver_webhook: deliverWebhookTask as Task,
};

/**
 * graphile-worker crontab: the outbox sweep and the close sweep every minute, reminders every quarter hour. graphile-worker records each tick in
 * the database, so with several worker instances a tick still runs once.
 */
const crontab = [
  "* * * * * sweep_outbox ?max=1&jobKey=sweep_outbox",
  // Each cycle also has a job at its closes_at (app/domain/notifications/schedule.server.ts); this catches the rest.
  "* * * * * close_cycles ?max=3&jobKey=close_cycles",
  "*/15 * * * * send_reminders ?max=1&jobKey=send_reminders",
].join("\n");

export const parsedCronItems = () => parseCrontab(crontab);
