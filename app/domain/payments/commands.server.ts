// Recording money for orders (docs/domain.md 9): payments received, many orders marked paid at
// once, refunds (by card through Stripe after the commit, others recorded). Every command takes
// the actor first, asks app/domain/access/payment-rules, locks the order rows it changes, and
// honours an Idempotency-Key (./idempotency.server).
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { orders, payments } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ensure } from "#app/domain/access/context.server";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { canMarkCycleOrdersPaid, canMarkShopOrdersPaid, canRecordPayment, canRefund, canSeeShopOrders } from "#app/domain/access/payment-rules";
import { DomainError, invalidField } from "#app/domain/errors";
import { cardPaymentsConfigured } from "#app/domain/methods/payments.server";
import { orderAccess } from "#app/domain/orders/access.server";
import { parseWith } from "#app/domain/validation";
import { paymentFigures } from "./balance";
import { balanceCentsSql } from "./balance.server";
import { cardRefundable, executeCardRefunds, writeCardRefunds } from "./card-refunds.server";
import { idempotent } from "./idempotency.server";
import { paymentJson, paymentRecordsOf } from "./records.server";
import { markOrdersPaidSchema, receivedInstant, recordPaymentSchema, refundSchema } from "./schemas";
import { emitPaidIfSettled } from "./paid-event.server";

/** A receivedAt may run a little ahead of the server's clock (a phone's clock, a time zone slip), not more. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

type Options = { now?: Date; idempotencyKey?: string | null };

/** A payment taken for the balance a page showed (pickup day's counter): refused, with the new balance, when it moved meanwhile. */
type RecordOptions = Options & { onlyIfBalanceIs?: number };

/** Loads the order for a money command: 404 unless visible, 403 unless allowed; its row then locked. */
async function lockedOrderFor(tx: Executor, actor: Actor, orderId: string, allowed: typeof canRecordPayment) {
  const access = await orderAccess({ actor }, orderId, tx);
  ensure(allowed(access), true);
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!order) throw new DomainError("not_found");
  return order;
}

async function recordsJson(ids: readonly string[], db: Executor) {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(payments)
    .where(inArray(payments.id, [...ids]))
    .orderBy(asc(payments.createdAt));
  return rows.map(paymentJson);
}

/** The order's payment records and figures, as GET /orders/:id/payments answers. */
export async function paymentsOfOrder(actor: Actor, orderId: string, db?: Executor) {
  const access = await orderAccess({ actor }, orderId, db);
  const records = await paymentRecordsOf(orderId, db);
  return { items: records.map(paymentJson), ...paymentFigures(access.order.totalCents, records) };
}

/** A cash, transfer or other payment received for a placed order. 201 the payment. */
export async function recordPayment(actor: Actor, orderId: string, input: unknown, options: RecordOptions = {}) {
  const now = options.now ?? new Date();
  const data = parseWith(recordPaymentSchema, input);
  const occurredAt = receivedInstant(data.receivedAt, now);
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw invalidField("receivedAt", "notInFuture");
  const { result } = await idempotent({ actorUserId: actor.userId, scope: `POST /orders/${orderId}/payments`, key: options.idempotencyKey }, async (tx) => {
    const order = await lockedOrderFor(tx, actor, orderId, canRecordPayment);
    if (order.state !== "placed") throw new DomainError("conflict", { payment: { key: "orderCancelled" } });
    if (options.onlyIfBalanceIs !== undefined) {
      const { balanceCents } = paymentFigures(order.totalCents, await paymentRecordsOf(orderId, tx));
      if (balanceCents <= 0) throw invalidField("amountCents", "nothingDue");
      if (balanceCents !== options.onlyIfBalanceIs) throw invalidField("amountCents", "balanceChanged", { balanceCents });
    }
    const [payment] = await tx
      .insert(payments)
      .values({
        orderId,
        kind: "payment",
        method: data.method,
        amountCents: data.amountCents,
        state: "completed",
        occurredAt,
        recordedByUserId: actor.userId,
        note: data.note ?? "",
      })
      .returning({ id: payments.id });
    await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, orderId));
    await emitPaidIfSettled(tx, orderId, data.amountCents, now);
    return { paymentIds: [payment.id] };
  });
  const [payment] = await recordsJson(result.paymentIds, getDb());
  return payment;
}

/**
 * Refunds part or all of what was paid. By card (the default when the order was paid by card): one
 * pending record per card payment it draws on, sent to Stripe after the commit. Otherwise recorded
 * as given back. 422 on amountCents above what may be refunded, with that amount in the reader's money.
 */
export async function refundOrder(actor: Actor, orderId: string, input: unknown, options: Options = {}) {
  const now = options.now ?? new Date();
  const data = parseWith(refundSchema, input);
  const { result } = await idempotent({ actorUserId: actor.userId, scope: `POST /orders/${orderId}/refunds`, key: options.idempotencyKey }, async (tx) => {
    const order = await lockedOrderFor(tx, actor, orderId, canRefund);
    const records = await paymentRecordsOf(orderId, tx);
    const { paidCents } = paymentFigures(order.totalCents, records);
    const byCard = cardRefundable(records).reduce((sum, entry) => sum + entry.remainingCents, 0);
    const method = data.method ?? (byCard > 0 ? "card" : "cash");
    const refundable = method === "card" ? Math.min(byCard, paidCents) : paidCents;
    if (refundable <= 0) throw invalidField("amountCents", "nothingToRefund");
    if (data.amountCents > refundable) throw invalidField("amountCents", "refundTooLarge", { max: refundable });
    if (method === "card") {
      if (!cardPaymentsConfigured()) throw new DomainError("conflict", { amountCents: { key: "cardPaymentsNotConfigured" } });
      const ids = await writeCardRefunds(tx, orderId, records, { amountCents: data.amountCents, actorUserId: actor.userId, note: data.reason ?? "", now });
      await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, orderId));
      return { refundIds: ids, card: true };
    }
    const [refund] = await tx
      .insert(payments)
      .values({
        orderId,
        kind: "refund",
        method,
        amountCents: data.amountCents,
        state: "completed",
        occurredAt: now,
        recordedByUserId: actor.userId,
        note: data.reason ?? "",
      })
      .returning({ id: payments.id });
    await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, orderId));
    return { refundIds: [refund.id], card: false };
  });
  if (result.card) await executeCardRefunds(result.refundIds);
  const items = await recordsJson(result.refundIds, getDb());
  return { items, ...(await figuresOf(orderId, getDb())) };
}

async function figuresOf(orderId: string, db: Executor) {
  const [order] = await db.select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, orderId));
  return paymentFigures(order?.totalCents ?? 0, await paymentRecordsOf(orderId, db));
}

/**
 * Marks the listed orders of one shop in one cycle paid: each gets one payment of its balance;
 * an order with nothing due is left as it is. Any listed order that is not a placed order of that
 * shop in that cycle: 422 naming them, and nothing is written.
 */
export async function markOrdersPaid(actor: Actor, cycleId: string, distributorId: string, input: unknown, options: Options = {}) {
  const now = options.now ?? new Date();
  const data = parseWith(markOrdersPaidSchema, input);
  const orderIds = [...new Set(data.orderIds)];
  const { roles } = await cycleForActor(actor, cycleId);
  ensure(canMarkShopOrdersPaid(roles, distributorId), canSeeShopOrders(roles, distributorId));
  const scope = `POST /order-cycles/${cycleId}/outgoing/${distributorId}/payments`;
  const { result } = await idempotent({ actorUserId: actor.userId, scope, key: options.idempotencyKey }, async (tx) => {
    const rows = await lockPlacedOrders(tx, and(inArray(orders.id, orderIds), eq(orders.orderCycleId, cycleId), eq(orders.distributorId, distributorId)));
    const found = new Set(rows.map((row) => row.id));
    const strangers = orderIds.filter((id) => !found.has(id));
    if (strangers.length > 0) throw invalidField("orderIds", "ordersNotInShop", { orders: strangers.join(", "), count: strangers.length });
    return { marked: await payBalances(tx, actor, rows, data, now) };
  });
  const items = [];
  for (const entry of result.marked) items.push({ orderId: entry.orderId, paymentId: entry.paymentId, ...(await figuresOf(entry.orderId, getDb())) });
  return { items };
}

/**
 * The hub's orders list's "mark selected paid": the listed orders of a cycle, whichever of the
 * caller's shops they belong to (every shop for the coordinator), each paid its balance as
 * markOrdersPaid does. A supplier: 403. Any listed order the caller may not mark (another shop's,
 * cancelled, of another cycle, unknown): 422 naming them, by number where the caller may see it,
 * and nothing is written. Answers how many were marked, how many had nothing due, and the sum recorded.
 */
export async function markCycleOrdersPaid(actor: Actor, cycleId: string, input: unknown, options: Options = {}) {
  const now = options.now ?? new Date();
  const data = parseWith(markOrdersPaidSchema, input);
  const orderIds = [...new Set(data.orderIds)];
  const { roles } = await cycleForActor(actor, cycleId);
  ensure(canMarkCycleOrdersPaid(roles), true);
  const shops = roles.coordinator ? undefined : inArray(orders.distributorId, roles.distributors);
  const scope = `POST /order-cycles/${cycleId}/orders/payments`;
  const { result } = await idempotent({ actorUserId: actor.userId, scope, key: options.idempotencyKey }, async (tx) => {
    const rows = await lockPlacedOrders(tx, and(inArray(orders.id, orderIds), eq(orders.orderCycleId, cycleId), shops), { placedOnly: false });
    const placed = rows.filter((row) => row.state === "placed");
    const numbers = new Map(rows.map((row) => [row.id, `#${row.number}`]));
    const found = new Set(placed.map((row) => row.id));
    const strangers = orderIds.filter((id) => !found.has(id));
    if (strangers.length > 0) {
      throw invalidField("orderIds", "ordersNotMarkable", { orders: strangers.map((id) => numbers.get(id) ?? id).join(", "), count: strangers.length });
    }
    const marked = await payBalances(tx, actor, placed, data, now);
    const amounts = new Map(placed.map((row) => [row.id, row.balanceCents]));
    const paid = marked.filter((entry) => entry.paymentId !== null);
    return {
      marked: paid.length,
      nothingDue: marked.length - paid.length,
      recordedCents: paid.reduce((sum, entry) => sum + (amounts.get(entry.orderId) ?? 0), 0),
    };
  });
  return result;
}

/**
 * Locks the orders in id order (two bulk marks over the same orders wait for each other rather than
 * deadlock), then reads their balances in a statement of its own: it sees every payment committed
 * before the lock was granted, so a concurrent mark or payment is never counted twice.
 */
async function lockPlacedOrders(tx: Executor, where: SQL | undefined, { placedOnly = true } = {}) {
  const locked = await tx
    .select({ id: orders.id, number: orders.number, state: orders.state })
    .from(orders)
    .where(placedOnly ? and(where, eq(orders.state, "placed")) : where)
    .orderBy(asc(orders.id))
    .for("update");
  if (locked.length === 0) return [];
  const balances = await tx
    .select({ id: orders.id, balanceCents: balanceCentsSql() })
    .from(orders)
    .where(
      inArray(
        orders.id,
        locked.map((row) => row.id),
      ),
    );
  const balanceOf = new Map(balances.map((row) => [row.id, Number(row.balanceCents)]));
  return locked.map((row) => ({ ...row, balanceCents: balanceOf.get(row.id) ?? 0 }));
}

/** One payment of its balance per order that owes something, in one insert; the others are left as they are. */
async function payBalances(
  tx: Executor,
  actor: Actor,
  rows: readonly { id: string; balanceCents: number }[],
  data: { method: "cash" | "bank_transfer" | "other"; note?: string },
  now: Date,
) {
  const due = rows.filter((row) => row.balanceCents > 0);
  const inserted = due.length
    ? await tx
        .insert(payments)
        .values(
          due.map((row) => ({
            orderId: row.id,
            kind: "payment",
            method: data.method,
            amountCents: row.balanceCents,
            state: "completed",
            occurredAt: now,
            recordedByUserId: actor.userId,
            note: data.note ?? "",
          })),
        )
        .returning({ id: payments.id, orderId: payments.orderId })
    : [];
  // Each paid its whole balance: each is paid now.
  for (const row of due) await emitPaidIfSettled(tx, row.id, row.balanceCents, now);
  if (inserted.length) {
    await tx
      .update(orders)
      .set({ updatedAt: now })
      .where(
        inArray(
          orders.id,
          inserted.map((row) => row.orderId),
        ),
      );
  }
  const paymentOf = new Map(inserted.map((row) => [row.orderId, row.id]));
  return rows.map((row) => ({ orderId: row.id, paymentId: paymentOf.get(row.id) ?? null }));
}
