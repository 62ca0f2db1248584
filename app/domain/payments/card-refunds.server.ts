// Card refunds (decision 0036): the refund record is written pending in the caller's transaction,
// with a job keyed on it; Stripe is called after the commit with the idempotency key
// `circuit-refund-<refundRecordId>`, by the request itself and, should it crash or Stripe fail, by
// the job. However often it runs, Stripe makes one refund per record.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import { getDb, type Executor } from "#db/connection.server";
import { orders, payments } from "#db/schema";
import { insertRows } from "#db/rows.server";
import { addJob, addJobs, isJobQueueInstalled } from "#app/jobs/queue.server";
import { countsAsRefunded, paymentFigures } from "./balance";
import { paymentRecordsOf, type PaymentRecord } from "./records.server";
import { stripeClient } from "./stripe.server";

/** How long the job of a refund asked for in a request waits before trying in the request's stead (re-pricing's jobs run at once). */
const JOB_DELAY_MS = 60_000;

/** What is left to refund of each card payment received through Stripe, largest first. */
export function cardRefundable(records: readonly PaymentRecord[]): { payment: PaymentRecord; remainingCents: number }[] {
  return records
    .filter((record) => record.kind === "payment" && record.method === "card" && record.externalReference && ["completed", "refunded"].includes(record.state))
    .map((payment) => ({
      payment,
      remainingCents:
        payment.amountCents -
        records.filter((refund) => refund.refundsPaymentId === payment.id && countsAsRefunded(refund)).reduce((sum, refund) => sum + refund.amountCents, 0),
    }))
    .filter((entry) => entry.remainingCents > 0)
    .sort((a, b) => b.remainingCents - a.remainingCents);
}

/** Pure: how amountCents is refunded over the order's card payments, the largest remainder first, each at most what it has left. */
export function cardRefundSplit(records: readonly PaymentRecord[], amountCents: number): { paymentId: string; amountCents: number }[] {
  let left = amountCents;
  const split: { paymentId: string; amountCents: number }[] = [];
  for (const { payment, remainingCents } of cardRefundable(records)) {
    if (left <= 0) break;
    const part = Math.min(left, remainingCents);
    left -= part;
    split.push({ paymentId: payment.id, amountCents: part });
  }
  return split;
}

/** Pure: what a re-priced order gives back by card: what was paid over its new total, at most what its cards can still refund. */
export function repricedRefundCents(totalCents: number, records: readonly PaymentRecord[]): number {
  const excess = -paymentFigures(totalCents, records).balanceCents;
  if (excess <= 0) return 0;
  const byCard = cardRefundable(records).reduce((sum, entry) => sum + entry.remainingCents, 0);
  return Math.max(0, Math.min(excess, byCard));
}

/**
 * Card refunds of many orders at once (a close's cancellations), each as writeCardRefunds would
 * write it with its job due at once: one insert for the records, one for their jobs.
 */
export async function writeCardRefundsInBulk(
  tx: Executor,
  refunds: readonly { orderId: string; records: readonly PaymentRecord[]; amountCents: number; note: string }[],
  fields: { actorUserId: string | null; now: Date },
): Promise<string[]> {
  const rows = refunds.flatMap((refund) =>
    cardRefundSplit(refund.records, refund.amountCents).map((part) => ({
      id: randomUUID(),
      orderId: refund.orderId,
      kind: "refund" as const,
      method: "card" as const,
      amountCents: part.amountCents,
      state: "pending" as const,
      occurredAt: fields.now,
      recordedByUserId: fields.actorUserId,
      note: refund.note,
      refundsPaymentId: part.paymentId,
    })),
  );
  if (rows.length === 0) return [];
  await insertRows(tx, payments, rows);
  if (await isJobQueueInstalled(tx)) {
    await addJobs(
      "refund_card",
      rows.map((row) => ({ payload: { refundId: row.id }, jobKey: `card-refund:${row.id}` })),
      tx,
    );
  }
  return rows.map((row) => row.id);
}

/**
 * Writes pending card refund records for amountCents (split over the order's card payments when one
 * is not enough) and a job for each; the caller checked the amount fits. Returns the records' ids.
 */
export async function writeCardRefunds(
  tx: Executor,
  orderId: string,
  records: readonly PaymentRecord[],
  fields: { amountCents: number; actorUserId: string | null; note: string; now: Date; jobDelayMs?: number },
): Promise<string[]> {
  const ids: string[] = [];
  for (const { paymentId, amountCents } of cardRefundSplit(records, fields.amountCents)) {
    const [refund] = await tx
      .insert(payments)
      .values({
        orderId,
        kind: "refund",
        method: "card",
        amountCents,
        state: "pending",
        occurredAt: fields.now,
        recordedByUserId: fields.actorUserId,
        note: fields.note,
        refundsPaymentId: paymentId,
      })
      .returning({ id: payments.id });
    ids.push(refund.id);
    if (await isJobQueueInstalled(tx)) {
      await addJob(
        "refund_card",
        { refundId: refund.id },
        { jobKey: `card-refund:${refund.id}`, runAt: new Date(fields.now.getTime() + (fields.jobDelayMs ?? JOB_DELAY_MS)) },
        tx,
      );
    }
  }
  return ids;
}

export type CardRefundOutcome = "completed" | "pending" | "failed" | "skipped";

/**
 * Asks Stripe for one pending card refund record and records the answer. A refused request (the
 * charge cannot be refunded) marks the record failed; a network or server error leaves it pending
 * and throws when `throwOnRetryable` (the job then runs again).
 */
export async function executeCardRefund(refundId: string, { throwOnRetryable = false } = {}): Promise<CardRefundOutcome> {
  const db = getDb();
  const [row] = await db
    .select({
      refund: payments,
      intentId: sql<string | null>`(select paid.external_reference from payments paid where paid.id = "payments"."refunds_payment_id")`,
    })
    .from(payments)
    .where(eq(payments.id, refundId));
  if (!row || row.refund.kind !== "refund" || row.refund.method !== "card" || row.refund.state !== "pending") return "skipped";
  if (!row.intentId) {
    await db
      .update(payments)
      .set({ state: "failed", updatedAt: new Date() })
      .where(and(eq(payments.id, refundId), eq(payments.state, "pending")));
    return "failed";
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripeClient().refunds.create(
      { payment_intent: row.intentId, amount: row.refund.amountCents, metadata: { orderId: row.refund.orderId, refundId } },
      { idempotencyKey: `circuit-refund-${refundId}` },
    );
  } catch (error) {
    const refused = error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError;
    console.error(`Stripe ${refused ? "refused" : "did not take"} card refund ${refundId}:`, error instanceof Error ? error.message : error);
    if (refused) {
      await db
        .update(payments)
        .set({ state: "failed", updatedAt: new Date() })
        .where(and(eq(payments.id, refundId), eq(payments.state, "pending")));
      return "failed";
    }
    if (throwOnRetryable) throw error;
    return "pending";
  }
  const state = refund.status === "succeeded" ? "completed" : refund.status === "failed" || refund.status === "canceled" ? "failed" : "pending";
  const now = new Date();
  await db.transaction(async (tx) => {
    // The charge.refunded webhook may have confirmed it already: the reference is kept either way.
    await tx
      .update(payments)
      .set({ externalReference: sql`coalesce(${payments.externalReference}, ${refund.id})`, updatedAt: now })
      .where(eq(payments.id, refundId));
    await tx
      .update(payments)
      .set({ state, updatedAt: now })
      .where(and(eq(payments.id, refundId), eq(payments.state, "pending")));
    await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, row.refund.orderId));
  });
  return state;
}

/** Runs the Stripe calls of refund records just committed; failures are left to their jobs. */
export async function executeCardRefunds(refundIds: readonly string[]): Promise<void> {
  for (const id of refundIds) await executeCardRefund(id).catch((error) => console.error(`Card refund ${id} left to its job:`, error));
}

/** Pending card refunds of an order (the re-pricing path leaves them to their jobs; tests run them). */
export async function pendingCardRefundIds(orderId: string, db: Executor = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.kind, "refund"), eq(payments.method, "card"), inArray(payments.state, ["pending"])))
    .orderBy(desc(payments.createdAt));
  return rows.map((row) => row.id);
}

/**
 * Inside the re-pricing transaction (contracts.md): when the order's paid amount now exceeds its
 * total and card payments can give the excess back, writes pending card refunds for it (at most
 * what the cards paid); their jobs call Stripe once the transaction committed. A raised total
 * just leaves a balance due. Called again, it finds the excess already refunded and does nothing.
 */
export async function settleRepricedOrder(tx: Executor, e: { orderId: string; actorUserId: string | null; now: Date }): Promise<void> {
  const [order] = await tx.select({ id: orders.id, totalCents: orders.totalCents }).from(orders).where(eq(orders.id, e.orderId)).for("update");
  if (!order) return;
  const records = await paymentRecordsOf(order.id, tx);
  const amountCents = repricedRefundCents(order.totalCents, records);
  if (amountCents <= 0) return;
  await writeCardRefunds(tx, order.id, records, { amountCents, actorUserId: e.actorUserId, note: "", now: e.now, jobDelayMs: 0 });
}
