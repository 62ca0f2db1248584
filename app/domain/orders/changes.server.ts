// A placed order changed or cancelled: stock given back and taken again, the order re-priced as at
// checkout, the buyer told, all in one transaction.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/connection.server";
import { orderAdjustments, orderLines, orders } from "#db/schema";
import { invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { queueOrderConfirmation } from "#app/domain/notifications/order-confirmation.server";
import { cancelHoldsCycle, cancelRefusal, lineChangeRefusal } from "./abilities";
import { orderAccess, orderFacts, type OrderRequester } from "./access.server";
import { insertOrderContents, orderContents, priceLines } from "./contents.server";
import { holdCycleOpen } from "./cycle-hold.server";
import { mergeLines, orderLinesSchema } from "./lines";
import { returnStock, takeStock } from "./stock.server";

/** The order's lines change while the cycle is open (./abilities): stock is given back and taken again in one transaction. */
export async function changeOrderLines(requester: OrderRequester, orderId: string, input: unknown, now = new Date()) {
  const data = parseWith(z.object({ lines: orderLinesSchema }), input);
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    const refused = lineChangeRefusal(orderFacts(access), now);
    if (refused) throw refused;
    await holdCycleOpen(tx, access.order.orderCycleId, now);
    const lines = mergeLines(data.lines);
    if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });
    const previous = await tx
      .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
      .from(orderLines)
      .where(eq(orderLines.orderId, orderId));
    await returnStock(tx, previous);
    const { priced, rows } = await priceLines(tx, access.order.orderCycleId, access.order.distributorId, lines, access.order.shippingMethodId);
    await takeStock(tx, lines, new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`])));
    const contents = orderContents(orderId, priced, rows);
    await Promise.all([tx.delete(orderLines).where(eq(orderLines.orderId, orderId)), tx.delete(orderAdjustments).where(eq(orderAdjustments.orderId, orderId))]);
    await Promise.all([
      insertOrderContents(tx, contents),
      tx
        .update(orders)
        .set({ ...contents.totals, updatedAt: now })
        .where(eq(orders.id, orderId)),
    ]);
    await queueOrderConfirmation(tx, orderId, "changed");
  });
}

/** Cancelling gives the stock back; who may cancel when is ./abilities' cancelRefusal. Cancelling twice changes nothing. */
export async function cancelOrder(requester: OrderRequester, orderId: string, now = new Date()) {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    if (access.order.state === "cancelled") return;
    const refused = cancelRefusal(access, access, now);
    if (refused) throw refused;
    if (cancelHoldsCycle(access)) await holdCycleOpen(tx, access.order.orderCycleId, now);
    const lines = await tx.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId));
    await returnStock(tx, lines);
    await tx.update(orders).set({ state: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(orders.id, orderId));
    await queueOrderConfirmation(tx, orderId, "cancelled");
  });
}
