// What follows every re-pricing of a placed order (./adjust.server), in the same transaction.
// Payments settle here (a refund for a lowered card-paid total) and producers already notified
// are sent one batched amendment.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orderChanges } from "#db/schema";
import { addJob, isJobQueueInstalled } from "#app/jobs/queue.server";
import { settleRepricedOrder } from "#app/domain/payments/card-refunds.server";
import { scheduleSupplierAmendments } from "#app/domain/notifications/amendments.server";
import { emitOrderEvent } from "./events.server";

/** Changes within this long of the first one form one "your order was adjusted" email. */
export const ADJUSTED_EMAIL_DELAY_MS = 10 * 60_000;

export const adjustedEmailJobKey = (orderId: string) => `order-adjusted:${orderId}`;

export async function afterOrderRepriced(
  tx: Executor,
  e: {
    orderId: string;
    orderCycleId: string;
    actorUserId: string | null;
    beforeTotalCents: number;
    afterTotalCents: number;
    changedSupplierIds: string[];
    now: Date;
  },
): Promise<void> {
  await scheduleAdjustedEmail(tx, e.orderId, e.now);
  // A lowered total on a card-paid order is refunded by its difference (docs/domain.md 8); a raised one leaves a balance due.
  await settleRepricedOrder(tx, { orderId: e.orderId, actorUserId: e.actorUserId, now: e.now });
  // Producers already told what to bring get one batched amendment (docs/domain.md 8).
  if (e.changedSupplierIds.length) await scheduleSupplierAmendments(tx, { orderCycleId: e.orderCycleId, supplierIds: e.changedSupplierIds, now: e.now });
  await emitOrderEvent(tx, "order.changed", e.orderId, e.now);
}

/**
 * The buyer's batched email: one job per order, keyed, whose run_at the first change fixes
 * (preserve_run_at), so later changes join it instead of pushing it back. Nothing is scheduled
 * when every change is already told (the buyer's own). Without a job queue yet, the outbox sweep
 * finds untold changes (notifications/order-adjusted.server).
 */
async function scheduleAdjustedEmail(tx: Executor, orderId: string, now: Date) {
  const [untold] = await tx
    .select({ one: sql<number>`1` })
    .from(orderChanges)
    .where(and(eq(orderChanges.orderId, orderId), isNull(orderChanges.notifiedAt)))
    .limit(1);
  if (!untold || !(await isJobQueueInstalled(tx))) return;
  await addJob(
    "notify_order_adjusted",
    { orderId },
    { jobKey: adjustedEmailJobKey(orderId), jobKeyMode: "preserve_run_at", runAt: new Date(now.getTime() + ADJUSTED_EMAIL_DELAY_MS) },
    tx,
  );
}
