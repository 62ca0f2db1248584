// The buyer's batched "your order was adjusted" email (docs/domain.md 8): the job that
// orders/repriced.server schedules 10 minutes after the first change gathers every change not yet
// told, renders one email and marks those changes told, in one transaction with the outbox row.
import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import { settings } from "#app/config/settings.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { ADJUSTED_EMAIL_DELAY_MS } from "#app/domain/orders/repriced.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { getDb } from "#db/connection.server";
import { enterprises, orderChanges, orders } from "#db/schema";
import { renderOrderAdjusted } from "#emails/order-adjusted";

/**
 * Sends the order's untold changes as one email; returns how many changes it told (0: nothing to
 * tell, e.g. a second run of the same job). The changes are locked, so two runs at once tell them once.
 */
export async function sendOrderAdjustedEmail(orderId: string, now = new Date()): Promise<number> {
  return getDb().transaction(async (tx) => {
    const changes = await tx
      .select()
      .from(orderChanges)
      .where(and(eq(orderChanges.orderId, orderId), isNull(orderChanges.notifiedAt)))
      .orderBy(asc(orderChanges.seq))
      .for("update");
    if (changes.length === 0) return 0;
    const [order] = await tx
      .select({
        number: orders.number,
        state: orders.state,
        email: orders.email,
        locale: orders.locale,
        totalCents: orders.totalCents,
        shopName: enterprises.name,
        shopEmail: enterprises.email,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.distributorId))
      .where(eq(orders.id, orderId));
    // A cancelled order was told by its cancellation email; the changes before it need no second one.
    if (order && order.state === "placed") {
      const locale = isLocale(order.locale) ? order.locale : "en";
      const rendered = renderOrderAdjusted(
        {
          shopName: order.shopName,
          number: String(order.number),
          changes: changes.map((change) => ({
            productName: change.productName,
            variantName: change.variantName,
            before: { quantity: change.beforeQuantity, actualWeightGrams: change.beforeActualWeightGrams },
            after: { quantity: change.afterQuantity, actualWeightGrams: change.afterActualWeightGrams },
            note: change.note,
          })),
          previousTotalCents: changes[0].beforeTotalCents,
          totalCents: order.totalCents,
          locale,
          orderUrl: `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}?key=${orderAccessKey(orderId)}`,
        },
        emailTranslator(locale),
      );
      await enqueueEmail(
        {
          idempotencyKey: `order:${orderId}:adjusted:${changes[0].id}`,
          kind: "order_adjusted",
          orderId,
          to: order.email,
          replyTo: order.shopEmail,
          ...rendered,
        },
        tx,
      );
    }
    await tx
      .update(orderChanges)
      .set({ notifiedAt: now })
      .where(
        inArray(
          orderChanges.id,
          changes.map((change) => change.id),
        ),
      );
    return changes.length;
  });
}

/**
 * The sweep's catch-all (a change made before the job queue existed, or a lost job): orders whose
 * oldest untold change is older than the batching delay and a minute more are told now.
 */
export async function sendOverdueAdjustedEmails(now = new Date()): Promise<number> {
  const due = await getDb()
    .selectDistinct({ orderId: orderChanges.orderId })
    .from(orderChanges)
    .where(and(isNull(orderChanges.notifiedAt), lt(orderChanges.changedAt, new Date(now.getTime() - ADJUSTED_EMAIL_DELAY_MS - 60_000))))
    .limit(100);
  let told = 0;
  for (const { orderId } of due) told += (await sendOrderAdjustedEmail(orderId, now)) > 0 ? 1 : 0;
  return told;
}
