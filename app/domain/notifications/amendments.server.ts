// Amendments (docs/domain.md section 8): once a supplier was told what to bring, a change to the
// cycle's orders that alters it sends the supplier one amendment, batched over 10 minutes like the
// buyer's "order adjusted" email: only the variants that changed, before and after, and the new
// totals; never the whole purchase order again. The snapshot of what the supplier was last told
// moves with each amendment, so the next one starts from there.
import { and, eq, inArray } from "drizzle-orm";
import { addJobs, isJobQueueInstalled } from "#app/jobs/queue.server";
import { isLocale, type Locale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises, orderCycles, supplierNotices } from "#db/schema";
import { renderSupplierAmendment } from "#emails/supplier-amendment";
import { snapshotChanges, supplierSnapshot } from "./amendment";
import { soldLines } from "./closing.server";
import { lockSupplierNotice, storeSupplierSnapshot } from "./notices.server";
import { SUPPLIER_LINK_DAYS, supplierLinkToken } from "./supplier-link.server";
import { settings } from "#app/config/settings.server";

/** How long changes gather before a supplier's amendment goes. */
export const AMENDMENT_WINDOW_MS = 10 * 60_000;

/**
 * Inside the re-pricing transaction: for each supplier already notified for this cycle, one
 * batched amendment job (job key `supplier-amendment:<cycleId>:<supplierId>`, run at now + 10 min,
 * preserve_run_at: later changes join the waiting job instead of pushing it back).
 */
export async function scheduleSupplierAmendments(tx: Executor, e: { orderCycleId: string; supplierIds: string[]; now: Date }): Promise<void> {
  if (e.supplierIds.length === 0) return;
  const notified = await tx
    .select({ supplierId: supplierNotices.supplierId })
    .from(supplierNotices)
    .where(and(eq(supplierNotices.orderCycleId, e.orderCycleId), inArray(supplierNotices.supplierId, [...new Set(e.supplierIds)])));
  if (notified.length === 0) return;
  // Before the worker ever started there is no queue; an amendment then waits for the next change.
  if (!(await isJobQueueInstalled(tx))) return;
  await addJobs(
    "supplier_amendment",
    notified.map(({ supplierId }) => ({
      payload: { cycleId: e.orderCycleId, supplierId },
      jobKey: `supplier-amendment:${e.orderCycleId}:${supplierId}`,
      jobKeyMode: "preserve_run_at" as const,
      runAt: new Date(e.now.getTime() + AMENDMENT_WINDOW_MS),
    })),
    tx,
  );
}

/**
 * The job: compares what the supplier must bring now with what it was last told; if anything
 * changed, queues one amendment and stores the new snapshot, in one transaction (a retry finds
 * nothing left to send). Returns whether an amendment was queued.
 */
export async function sendSupplierAmendment(cycleId: string, supplierId: string, now: Date): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const notice = await lockSupplierNotice(tx, cycleId, supplierId);
    if (!notice) return false;
    const current = supplierSnapshot(await soldLines(tx, cycleId), supplierId);
    const changes = snapshotChanges(notice.snapshot, current);
    if (changes.length === 0) return false;
    const [facts] = await tx
      .select({
        cycleName: orderCycles.name,
        coordinatorId: orderCycles.coordinatorId,
      })
      .from(orderCycles)
      .where(eq(orderCycles.id, cycleId));
    const [coordinator] = await tx.select().from(enterprises).where(eq(enterprises.id, facts.coordinatorId));
    const [supplier] = await tx.select().from(enterprises).where(eq(enterprises.id, supplierId));
    const locale: Locale = isLocale(supplier.locale) ? supplier.locale : "en";
    const rendered = renderSupplierAmendment(
      {
        locale,
        cycleName: facts.cycleName,
        coordinatorName: coordinator.name,
        coordinatorEmail: coordinator.email,
        producerName: supplier.name,
        changes,
        totalQuantity: current.quantity,
        totalCents: current.totalCents,
        // The link of the notification this amends, while it still answers (decision 0035).
        confirmUrl:
          current.quantity > 0 && notice.notifiedAt.getTime() + SUPPLIER_LINK_DAYS * 86_400_000 > now.getTime()
            ? `${settings().appUrl}/supplier/confirm/${supplierLinkToken({ cycleId, supplierId, generation: notice.generation, notifiedAt: notice.notifiedAt })}`
            : undefined,
      },
      emailTranslator(locale),
    );
    await enqueueEmail(
      {
        // One amendment per snapshot it starts from.
        idempotencyKey: `supplier-amendment:${cycleId}:${supplierId}:${notice.snapshotAt.toISOString()}`,
        kind: "supplier_amendment",
        cycleId,
        supplierId,
        to: supplier.email,
        replyTo: coordinator.email,
        ...rendered,
      },
      tx,
    );
    await storeSupplierSnapshot(tx, cycleId, supplierId, current, now);
    return true;
  });
}
