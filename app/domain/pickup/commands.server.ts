// The counter's commands on pickup day (docs/domain.md 11, decision 0039): collected, undone, no-show,
// and a cash payment of the balance. Each takes the actor, locks the order, asks ./rules, writes the
// order's fulfilment history, and honours an idempotency key, so a retried form post or API call on
// a bad connection answers the first result again and records nothing more.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { orderFulfilmentChanges, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { canRecordPayment } from "#app/domain/access/payment-rules";
import { ensure } from "#app/domain/access/context.server";
import { DomainError } from "#app/domain/errors";
import { orderAccess } from "#app/domain/orders/access.server";
import { recordPayment } from "#app/domain/payments/commands.server";
import { idempotent } from "#app/domain/payments/idempotency.server";
import { afterOrderCollected } from "#app/domain/loyalty/ledger.server";
import { afterCounterAction, counterActionRefusal, isCounterIntent, isFulfilmentState, type CounterAction, type FulfilmentState } from "./rules";

type Options = { now?: Date; idempotencyKey?: string | null };

/** The route each action answers on, so a key sent to the API and the same key from the page are one. */
const counterActionScope = (orderId: string, action: CounterAction) =>
  action === "collect" ? `POST /orders/${orderId}/collect` : action === "undo" ? `DELETE /orders/${orderId}/collect` : `POST /orders/${orderId}/no-show`;

export type CounterResult = { orderId: string; fulfilmentState: FulfilmentState; changed: boolean };

async function runCounterAction(actor: Actor, orderId: string, action: CounterAction, options: Options): Promise<CounterResult> {
  const now = options.now ?? new Date();
  const { result } = await idempotent({ actorUserId: actor.userId, scope: counterActionScope(orderId, action), key: options.idempotencyKey }, (tx) =>
    changeFulfilment(tx, actor, orderId, action, now),
  );
  return result;
}

async function changeFulfilment(tx: Executor, actor: Actor, orderId: string, action: CounterAction, now: Date): Promise<CounterResult> {
  await tx.execute(sql`select id from orders where id = ${orderId} for update`);
  const access = await orderAccess({ actor }, orderId, tx);
  const refused = counterActionRefusal(access.order, access);
  if (refused) throw refused;
  const current = isFulfilmentState(access.order.fulfilmentState) ? access.order.fulfilmentState : "pending";
  const { next, changed } = afterCounterAction(current, action);
  if (changed) {
    const collected = next === "collected";
    await tx
      .update(orders)
      .set({
        fulfilmentState: next,
        fulfilmentChangedAt: now,
        fulfilmentChangedByUserId: actor.userId,
        collectedAt: collected ? now : null,
        collectedByUserId: collected ? actor.userId : null,
        updatedAt: now,
      })
      .where(eq(orders.id, orderId));
    await tx.insert(orderFulfilmentChanges).values({ orderId, changedAt: now, actorUserId: actor.userId, fromState: current, toState: next });
    // Loyalty points and automatic tags (decision 0052): once per order, however often it is collected again.
    if (collected) await afterOrderCollected(tx, orderId, now);
  }
  return { orderId, fulfilmentState: next, changed };
}

/** Handed over at the counter. Again: unchanged. */
export const collectOrder = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "collect", options);

/** Back to pending: a tap by mistake, or a no-show who came after all. Again: unchanged. */
export const undoCollect = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "undo", options);

/** Not collected by the end of the day. Again: unchanged. */
export const markNoShow = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "noShow", options);

/**
 * Cash taken at the counter for the balance the page showed (`amountCents`). recordPayment checks,
 * with the order locked, that the balance is still that: when it moved (another volunteer took it,
 * the order was adjusted) nothing is recorded and the answer says the new balance. The key is its
 * Idempotency-Key: a retry of the same post is answered from it before any check, so it never
 * records twice and never fails as "changed".
 */
async function recordCounterPayment(actor: Actor, orderId: string, input: { amountCents: number }, options: Options = {}) {
  const access = await orderAccess({ actor }, orderId);
  ensure(canRecordPayment(access), true);
  if (access.order.state !== "placed") throw new DomainError("order_cancelled");
  return recordPayment(
    actor,
    orderId,
    { amountCents: input.amountCents, method: "cash" },
    { idempotencyKey: options.idempotencyKey, now: options.now, onlyIfBalanceIs: input.amountCents },
  );
}

/**
 * One form post of the check-in page: the order must be one of this pickup point's (404 otherwise,
 * as for an order the caller may not see); then the intent's command with the form's key.
 */
export async function actAtCounter(
  actor: Actor,
  point: { cycleId: string; distributorId: string; methodId: string },
  form: { intent: string; orderId: string; key: string; amountCents?: number },
  options: { now?: Date } = {},
) {
  if (!isCounterIntent(form.intent)) throw new DomainError("malformed");
  const [order] = await getDb()
    .select({ id: orders.id, number: orders.number, buyerName: orders.buyerName, email: orders.email })
    .from(orders)
    .where(
      and(
        eq(orders.id, form.orderId),
        eq(orders.orderCycleId, point.cycleId),
        eq(orders.distributorId, point.distributorId),
        eq(orders.shippingMethodId, point.methodId),
      ),
    );
  if (!order) throw new DomainError("not_found");
  const keyed = { idempotencyKey: form.key, now: options.now };
  if (form.intent === "pay") await recordCounterPayment(actor, order.id, { amountCents: form.amountCents ?? Number.NaN }, keyed);
  else await runCounterAction(actor, order.id, form.intent, keyed);
  return { number: String(order.number), buyer: order.buyerName || order.email };
}
