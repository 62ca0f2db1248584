// The counter's commands on pickup day (docs/domain.md 11, decision 0039): collected, undone, no-show,
// and a cash payment of the balance. Each takes the actor, locks the order, asks ./rules, writes the
// order's fulfilment history, and honours an idempotency key, so a retried form post or API call on
// a bad connection answers the first result again and records nothing more.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { idempotencyKeys, orderFulfilmentChanges, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { canRecordPayment } from "#app/domain/access/payment-rules";
import { ensure } from "#app/domain/access/context.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { orderAccess } from "#app/domain/orders/access.server";
import { balanceCentsSql } from "#app/domain/payments/balance.server";
import { recordPayment } from "#app/domain/payments/commands.server";
import { idempotent } from "#app/domain/payments/idempotency.server";
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
  }
  return { orderId, fulfilmentState: next, changed };
}

/** Handed over at the counter. Again: unchanged. */
export const collectOrder = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "collect", options);

/** Back to pending: a tap by mistake, or a no-show who came after all. Again: unchanged. */
export const undoCollect = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "undo", options);

/** Not collected by the end of the day. Again: unchanged. */
export const markNoShow = (actor: Actor, orderId: string, options: Options = {}) => runCounterAction(actor, orderId, "noShow", options);

const paymentsScope = (orderId: string) => `POST /orders/${orderId}/payments`;

async function alreadyAnswered(actor: Actor, orderId: string, key: string | null | undefined) {
  const trimmed = key?.trim();
  if (!trimmed) return false;
  const [row] = await getDb()
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorUserId, actor.userId), eq(idempotencyKeys.scope, paymentsScope(orderId)), eq(idempotencyKeys.key, trimmed)));
  return row !== undefined;
}

/**
 * Cash taken at the counter for the balance the page showed (`amountCents`). When the balance has
 * moved since (another volunteer took it, the order was adjusted), nothing is recorded and the
 * answer says the new balance: the volunteer looks again rather than taking money twice. The key
 * is recordPayment's own Idempotency-Key: a retry of the same post is answered from it before any
 * balance check, so it never records twice and never fails as "changed".
 */
async function recordCounterPayment(actor: Actor, orderId: string, input: { amountCents: number }, options: Options = {}) {
  if (!(await alreadyAnswered(actor, orderId, options.idempotencyKey))) {
    const refused = await counterPaymentRefusal(actor, orderId, input.amountCents);
    // A retry racing its first post: the first may have committed (payment and key together)
    // between the two reads above; then it is a replay, answered from the key, not a refusal.
    if (refused && !(await alreadyAnswered(actor, orderId, options.idempotencyKey))) throw refused;
  }
  return recordPayment(actor, orderId, { amountCents: input.amountCents, method: "cash" }, { idempotencyKey: options.idempotencyKey, now: options.now });
}

/** Why cash for this amount may not be taken now: not allowed, a cancelled order, nothing due, or not the balance the page showed. */
async function counterPaymentRefusal(actor: Actor, orderId: string, amountCents: number): Promise<DomainError | undefined> {
  const access = await orderAccess({ actor }, orderId);
  ensure(canRecordPayment(access), true);
  if (access.order.state !== "placed") return new DomainError("order_cancelled");
  const [row] = await getDb().select({ balanceCents: balanceCentsSql() }).from(orders).where(eq(orders.id, orderId));
  const balanceCents = Number(row?.balanceCents ?? 0);
  if (balanceCents <= 0) return invalidField("amountCents", "nothingDue");
  if (!Number.isInteger(amountCents) || amountCents !== balanceCents) return invalidField("amountCents", "balanceChanged", { balanceCents });
  return undefined;
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
