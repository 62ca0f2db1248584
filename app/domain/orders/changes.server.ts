// A placed order changed or cancelled: stock given back and taken again, the order re-priced as at
// checkout, the buyer told, all in one transaction.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { orderLines, orders } from "#db/schema";
import { invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { queueOrderConfirmation } from "#app/domain/notifications/order-confirmation.server";
import { cancelHoldsCycle, cancelRefusal, lineChangeRefusal } from "./abilities";
import { canAdjustOrder } from "#app/domain/access/order-rules";
import { orderAccess, orderFacts, type OrderAccess, type OrderRequester } from "./access.server";
import { applyOrderAdjustment, orderAdjustmentSchema } from "./adjust.server";
import { holdCycleOpen } from "./cycle-hold.server";
import { mergeLines, orderLinesSchema } from "./lines";
import { returnStock } from "./stock.server";

/**
 * The buyer's change while the cycle is open (./abilities): the lines listed are the whole order
 * (a line left out is removed), adjusted through ./adjust.server so the history has it too; the
 * cycle is held open so the close sees it or refuses it.
 */
export async function changeOrderLines(requester: OrderRequester, orderId: string, input: unknown, now = new Date()) {
  const data = parseWith(z.object({ lines: orderLinesSchema }), input);
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    const refused = lineChangeRefusal(orderFacts(access), now);
    if (refused) throw refused;
    await changeAsBuyer(tx, access, data.lines, now);
  });
}

async function changeAsBuyer(tx: Executor, access: OrderAccess, wanted: { variantId: string; quantity: number }[], now: Date) {
  await holdCycleOpen(tx, access.order.orderCycleId, now);
  const lines = mergeLines(wanted);
  if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });
  const previous = await tx.select({ variantId: orderLines.variantId }).from(orderLines).where(eq(orderLines.orderId, access.order.id));
  const listed = new Set(lines.map((line) => line.variantId));
  const changes = [...lines, ...previous.filter((line) => !listed.has(line.variantId)).map((line) => ({ variantId: line.variantId, quantity: 0 }))];
  const result = await applyOrderAdjustment(tx, { orderId: access.order.id, actor: { userId: access.order.buyerId, source: "buyer" }, changes, now });
  if (result.changed) await queueOrderConfirmation(tx, access.order.id, "changed");
}

/**
 * PATCH /orders/:id: the hub's side (the order's distributor, the cycle's coordinator) adjusts the
 * listed lines at any time, with weights and a note; the buyer changes the whole order while the
 * cycle is open (changeOrderLines). Who may is access/order-rules' canAdjustOrder.
 */
export async function changeOrder(requester: OrderRequester, orderId: string, input: unknown, now = new Date()) {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    const decision = canAdjustOrder(access, orderFacts(access), now);
    if ("refusal" in decision) throw decision.refusal;
    if (decision.path === "buyer") {
      const data = parseWith(z.object({ lines: orderLinesSchema }), input);
      const refused = lineChangeRefusal(orderFacts(access), now);
      if (refused) throw refused;
      await changeAsBuyer(tx, access, data.lines, now);
      return;
    }
    const data = parseWith(orderAdjustmentSchema, input);
    await applyOrderAdjustment(tx, {
      orderId,
      actor: { userId: requester.actor?.userId ?? null, enterpriseId: staffEnterpriseOf(access), source: "staff" },
      changes: data.lines,
      note: data.note,
      now,
    });
  });
}

/** The enterprise a staff change is made for: the coordinator's when the requester manages it, else the order's distributor. */
export const staffEnterpriseOf = (access: Pick<OrderAccess, "isCoordinator" | "coordinatorId" | "order">) =>
  access.isCoordinator ? access.coordinatorId : access.order.distributorId;

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
