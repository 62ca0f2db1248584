// Delivery of outbox rows, once each: lock the row, send it, record the outcome in the same
// transaction. Run by the `deliver_email` job; `sweepOutbox` gives a job to any row left without one.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { bodyOnSend } from "#app/domain/notifications/confirmation-body.server";
import { sendMessage } from "./transport.server";

/** After this many refused attempts a message is marked failed and no longer retried. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** How many waiting rows one sweep hands to the queue; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/** One delivery job per outbox row, keyed by this prefix and the row's id: the queue keeps at most one pending job per key. */
export const DELIVERY_JOB_KEY_PREFIX = "email:";

export type DeliveryOutcome = "sent" | "failed" | "retry" | "skipped" | "withdrawn";

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 2000);
}

/**
 * Sends one queued row. The row stays locked (FOR UPDATE) from the read to the status commit,
 * so a second worker skips it instead of sending it again; a row that is no longer queued is
 * left alone. A refusal is recorded (attempts, last_error) and rethrown so the queue retries
 * with its backoff, until the last attempt marks the row failed.
 */
export async function deliverOutboxEmail(outboxId: string, options: { isLastAttempt?: boolean } = {}): Promise<DeliveryOutcome> {
  let failure: unknown;
  const outcome = await getDb().transaction(async (tx): Promise<DeliveryOutcome> => {
    const [row] = await tx
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.id, outboxId), eq(outboxEmails.status, "queued")))
      .for("update", { skipLocked: true });
    if (!row) return "skipped";
    // Consent is checked at send time (decision 0053): a customer who unsubscribed after the row
    // was queued, or whom the distributor removed, is not sent to; the customer's row is held
    // against a consent change racing this send. A closing-soon nudge also needs its cart still
    // waiting in a cycle not yet closed (quiet hours may have held it past a checkout or the close).
    if (row.marketingCustomerId) {
      const [still] = await tx.execute<{ wanted: boolean }>(sql`
        select c.marketing_consent_at is not null
          and (${row.kind} <> 'closing_soon' or exists (
            select 1 from orders o join order_cycles oc on oc.id = o.order_cycle_id
            where o.id = ${row.orderId} and o.state = 'cart' and o.order_cycle_id = ${row.cycleId} and oc.closes_at > now())) as wanted
        from customers c where c.id = ${row.marketingCustomerId}
        for share of c`);
      if (!still?.wanted) {
        await tx.update(outboxEmails).set({ status: "withdrawn" }).where(eq(outboxEmails.id, row.id));
        return "withdrawn";
      }
    }
    // A placed order's confirmation is written here, under the row's lock and before the send: a
    // retry sends what this attempt rendered. An order gone meanwhile has nothing left to tell.
    let message = row;
    if (row.renderOnSend) {
      const body = await bodyOnSend(tx, row);
      if (!body) {
        await tx.update(outboxEmails).set({ status: "withdrawn" }).where(eq(outboxEmails.id, row.id));
        return "withdrawn";
      }
      await tx
        .update(outboxEmails)
        .set({ ...body, renderOnSend: false })
        .where(eq(outboxEmails.id, row.id));
      message = { ...row, ...body };
    }
    const attempts = row.attempts + 1;
    try {
      await sendMessage({
        outboxId: row.id,
        createdAt: row.createdAt,
        to: message.toAddress,
        replyTo: message.replyTo,
        subject: message.subject,
        html: message.html,
        text: message.text,
        attachments: message.attachments,
        unsubscribeUrl: row.unsubscribeUrl,
      });
    } catch (error) {
      failure = error;
      const isFinal = attempts >= MAX_DELIVERY_ATTEMPTS || options.isLastAttempt === true;
      await tx
        .update(outboxEmails)
        .set({ attempts, lastError: describe(error), status: isFinal ? "failed" : "queued" })
        .where(eq(outboxEmails.id, row.id));
      return isFinal ? "failed" : "retry";
    }
    await tx.update(outboxEmails).set({ attempts, status: "sent", sentAt: new Date() }).where(eq(outboxEmails.id, row.id));
    return "sent";
  });
  // Thrown after the commit, so the attempt stays recorded while the queue schedules a retry.
  if (outcome === "retry") throw failure;
  return outcome;
}

/**
 * Gives a delivery job to every queued row that has no live one, however old the row is (no lower
 * time bound): rows written while the queue was not installed, or whose job was lost or gave up
 * before the row could record it. A row whose job waits for a retry or runs now is left alone.
 * Returns how many jobs were added.
 */
export async function sweepOutbox(limit = SWEEP_BATCH): Promise<number> {
  const [row] = await getDb().execute<{ added: number }>(sql`
    with due as (
      select o.id, o.not_before
      from outbox_emails o
      where o.status = 'queued'
        and not exists (
          select 1 from graphile_worker.jobs j
          where j.key = ${DELIVERY_JOB_KEY_PREFIX} || o.id
            and (j.locked_at is not null or j.attempts < j.max_attempts)
        )
      order by o.created_at
      limit ${limit}
    )
    select count(job.id)::int as added
    from due,
      lateral graphile_worker.add_job(
        'deliver_email',
        json_build_object('outboxId', due.id),
        max_attempts => ${MAX_DELIVERY_ATTEMPTS}::integer,
        job_key => ${DELIVERY_JOB_KEY_PREFIX} || due.id,
        run_at => greatest(now(), coalesce(due.not_before, now()))
      ) as job`);
  return row?.added ?? 0;
}
