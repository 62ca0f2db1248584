// A placed order changed or cancelled: stock given back and taken again, the order re-priced as at
// checkout, the buyer told, all in one transaction.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { orderLines, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { externalIdField } from "#app/domain/external-ids/rules";
import { queueOrderConfirmation } from "#app/domain/notifications/order-confirmation.server";
import { cancelHoldsCycle, cancelRefusal, lineChangeRefusal } from "./abilities";
import { canAdjustOrder } from "#app/domain/access/order-rules";
import { orderAccess, orderFacts, type OrderAccess, type OrderRequester } from "./access.server";
import { applyOrderAdjustment, orderAdjustmentSchema } from "./adjust.server";
import { holdCycleOpen } from "./cycle-hold.server";
import { mergeLines, orderLinesSchema } from "./lines";
import { returnStock } from "./stock.server";
import { checkBuyerLimits } from "#app/domain/capacity/buyer-limits.server";
import { freePromoUse } from "#app/domain/promotions/redeem.server";
import { freePlace } from "#app/domain/capacity/places.server";
import { emitOrderEvent } from "./events.server";
import { refundCreditOfCancelled } from "#app/domain/loyalty/ledger.server";

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
  const previous = await tx
    .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(eq(orderLines.orderId, access.order.id));
  // A buyer raising a line stays within its per-buyer limit, counting their other orders (decision 0046).
  await checkBuyerLimits(tx, {
    cycleId: access.order.orderCycleId,
    buyer: { email: access.order.email, userId: access.order.buyerId },
    lines,
    exceptOrderId: access.order.id,
    previous: new Map(previous.map((line) => [line.variantId, line.quantity])),
  });
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
    // The external id is the hub's mapping (decision 0044): its side sets it, alone or with lines.
    const { externalId } = parseWith(z.object({ externalId: externalIdField }), input);
    if (externalId !== undefined) {
      if (decision.path === "buyer") throw new DomainError("forbidden", { externalId: { key: "externalIdHubOnly" } });
      await tx.update(orders).set({ externalId, updatedAt: now }).where(eq(orders.id, orderId));
      if (!(typeof input === "object" && input !== null && "lines" in input)) return;
    }
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

/**
 * The hub's order page adjusting one order of this cycle: as PATCH /orders/:id's staff path, for
 * the coordinator's and the order's own shop's managers only (404 for anyone else, and for another
 * cycle's order).
 */
export async function adjustOrderAtHub(actor: Actor, cycleId: string, orderId: string, input: unknown, now = new Date()) {
  await getDb().transaction(async (tx) => {
    await adjustAsStaff(tx, actor, cycleId, orderId, input, now);
  });
}

async function adjustAsStaff(tx: Executor, actor: Actor, cycleId: string, orderId: string, input: unknown, now: Date) {
  await tx.execute(sql`select id from orders where id = ${orderId} for update`);
  const access = await orderAccess({ actor }, orderId, tx);
  if (access.order.orderCycleId !== cycleId || !(access.isDistributor || access.isCoordinator)) throw new DomainError("not_found");
  const decision = canAdjustOrder(access, orderFacts(access), now);
  if ("refusal" in decision) throw decision.refusal;
  const data = parseWith(orderAdjustmentSchema, input);
  return applyOrderAdjustment(tx, {
    orderId,
    actor: { userId: actor.userId, enterpriseId: staffEnterpriseOf(access), source: "staff" },
    changes: data.lines,
    note: data.note,
    now,
  });
}

/**
 * The cycle's orders page setting the delivered quantity of one variant across orders (a crate
 * short, a shortage shared out by hand): one adjustment per order, all in one transaction, so one
 * refused order (more than the stock, an order cancelled meanwhile) changes none. The orders are
 * locked in id order, so two such forms at once cannot deadlock. Field errors come back as
 * `orders.<orderId>`.
 */
export async function setDeliveredQuantities(actor: Actor, cycleId: string, input: unknown, now = new Date()) {
  const data = parseWith(deliveredQuantitiesSchema, input);
  return getDb().transaction(async (tx) => {
    let changed = 0;
    for (const entry of [...data.orders].sort((a, b) => a.orderId.localeCompare(b.orderId))) {
      const result = await adjustAsStaff(
        tx,
        actor,
        cycleId,
        entry.orderId,
        { lines: [{ variantId: data.variantId, quantity: entry.quantity }], note: data.note },
        now,
      ).catch((error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        const first = Object.values(error.fields)[0];
        throw new DomainError(
          error.code,
          { [`orders.${entry.orderId}`]: first ?? { key: error.code === "conflict" ? "orderIsCancelled" : "invalid" } },
          error.values,
        );
      });
      if (result.changed) changed += 1;
    }
    return { changed };
  });
}

const deliveredQuantitiesSchema = z.object({
  variantId: z.string().trim().min(1).max(64),
  orders: z.array(z.object({ orderId: z.string().trim().min(1).max(64), quantity: z.number() })).max(500),
  note: z.string().trim().max(500).optional(),
});

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
    await cancelPlacedOrder(tx, orderId, now);
    await queueOrderConfirmation(tx, orderId, "cancelled");
  });
}

/**
 * What every cancellation writes, in the caller's transaction (which locked the order): the stock
 * back, its place freed, the order cancelled, `order.cancelled` for webhooks. Telling the buyer is the caller's (the
 * cancellation email, or a threshold's at the close).
 */
export async function cancelPlacedOrder(tx: Executor, orderId: string, now: Date) {
  const [lines, [place]] = await Promise.all([
    tx.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId)),
    tx
      .select({
        orderCycleId: orders.orderCycleId,
        distributorId: orders.distributorId,
        shippingMethodId: orders.shippingMethodId,
        promoCodeId: orders.promoCodeId,
        email: orders.email,
      })
      .from(orders)
      .where(eq(orders.id, orderId)),
  ]);
  await returnStock(tx, lines);
  // Its place in a capped cycle and pickup point is free again (decision 0046), and its promo code's use (decision 0051).
  if (place?.shippingMethodId)
    await freePlace(tx, { orderCycleId: place.orderCycleId, distributorId: place.distributorId, shippingMethodId: place.shippingMethodId });
  if (place) await freePromoUse(tx, place);
  await tx.update(orders).set({ state: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(orders.id, orderId));
  // Credit that paid it goes back to the buyer's balance (decision 0052).
  await refundCreditOfCancelled(tx, orderId, now);
  await emitOrderEvent(tx, "order.cancelled", orderId, now);
}
