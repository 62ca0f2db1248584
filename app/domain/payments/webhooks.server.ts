// Stripe webhooks, the source of truth for card payments: verified, applied once per event id,
// and never moving an order's payment backwards (docs/quality.md R3).
import { settings } from "#app/config/settings.server";
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { getDb, type Executor } from "#db/connection.server";
import { orders, paymentEvents } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { CURRENCY } from "#app/domain/money";
import { isHandledEventType, paymentFactOf, type PaymentFact } from "./events";

export type WebhookOutcome =
  | { result: "applied"; eventId: string; orderId: string | null; changed: boolean }
  | { result: "duplicate"; eventId: string }
  | { result: "ignored"; eventId: string };

/** Checks the Stripe-Signature header against the raw body; anything wrong is malformed input (400). */
function verifyStripeEvent(rawBody: string | Uint8Array, signatureHeader: string | null | undefined): Stripe.Event {
  const secret = settings().stripe.webhookSecret;
  if (!secret) {
    console.warn("A Stripe webhook arrived but STRIPE_WEBHOOK_SECRET is not set: it cannot be verified and was refused.");
    throw new DomainError("malformed");
  }
  if (!signatureHeader) throw new DomainError("malformed");
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret);
  } catch {
    throw new DomainError("malformed");
  }
}

type OrderRow = { id: string; paymentState: string; stripePaymentIntentId: string | null };

/** The order an event is about: by the PaymentIntent it already knows, else by the id Circuit put in the metadata. */
async function findOrder(tx: Executor, fact: Exclude<PaymentFact, { kind: "ignored" }>): Promise<OrderRow | undefined> {
  const columns = { id: orders.id, paymentState: orders.paymentState, stripePaymentIntentId: orders.stripePaymentIntentId };
  if (fact.intentId) {
    const [byIntent] = await tx.select(columns).from(orders).where(eq(orders.stripePaymentIntentId, fact.intentId));
    if (byIntent) return byIntent;
  }
  if (fact.orderId) {
    const [byId] = await tx
      .select(columns)
      .from(orders)
      .where(and(eq(orders.id, fact.orderId), ne(orders.state, "cart")));
    return byId;
  }
  return undefined;
}

/** unpaid → paid, once, and only for the full amount in the instance's currency. */
async function markPaid(tx: Executor, order: OrderRow, fact: Extract<PaymentFact, { kind: "paid" }>, now: Date): Promise<boolean> {
  if (fact.currency !== CURRENCY.toLowerCase()) {
    console.warn(`Stripe payment for order ${order.id} in ${fact.currency}, not ${CURRENCY}: left unpaid.`);
    return false;
  }
  const updated = await tx
    .update(orders)
    .set({
      paymentState: "paid",
      stripePaymentIntentId: fact.intentId ? fact.intentId : sql`${orders.stripePaymentIntentId}`,
      updatedAt: now,
    })
    .where(and(eq(orders.id, order.id), eq(orders.paymentState, "unpaid"), sql`${orders.totalCents} <= ${fact.amountCents}`))
    .returning({ id: orders.id });
  if (updated.length > 0) return true;
  if (order.paymentState === "unpaid") {
    console.warn(`Stripe payment of ${fact.amountCents} cents for order ${order.id} is less than its total: left unpaid.`);
  } else if (fact.intentId && order.stripePaymentIntentId && fact.intentId !== order.stripePaymentIntentId) {
    console.warn(`Order ${order.id} was paid again by ${fact.intentId} (first by ${order.stripePaymentIntentId}): refund it in Stripe.`);
  }
  return false;
}

/** Remembers the intent of a finished Checkout whose money is still on its way. */
async function rememberIntent(tx: Executor, order: OrderRow, intentId: string): Promise<boolean> {
  const updated = await tx
    .update(orders)
    .set({ stripePaymentIntentId: intentId })
    .where(
      and(eq(orders.id, order.id), eq(orders.paymentState, "unpaid"), or(isNull(orders.stripePaymentIntentId), ne(orders.stripePaymentIntentId, intentId))),
    )
    .returning({ id: orders.id });
  return updated.length > 0;
}

/**
 * paid (or still unpaid, when the refund overtook the success event) → refunded, but only for
 * the intent that paid this order: refunding a second, accidental payment leaves the order paid.
 */
async function markRefunded(tx: Executor, order: OrderRow, intentId: string, now: Date): Promise<boolean> {
  const updated = await tx
    .update(orders)
    .set({ paymentState: "refunded", stripePaymentIntentId: sql`coalesce(${orders.stripePaymentIntentId}, ${intentId})`, updatedAt: now })
    .where(
      and(eq(orders.id, order.id), ne(orders.paymentState, "refunded"), or(isNull(orders.stripePaymentIntentId), eq(orders.stripePaymentIntentId, intentId))),
    )
    .returning({ id: orders.id });
  return updated.length > 0;
}

async function apply(tx: Executor, order: OrderRow, fact: Exclude<PaymentFact, { kind: "ignored" }>, now: Date): Promise<boolean> {
  switch (fact.kind) {
    case "paid":
      return markPaid(tx, order, fact, now);
    case "intent":
      return rememberIntent(tx, order, fact.intentId);
    case "refunded":
      return markRefunded(tx, order, fact.intentId, now);
    case "failed":
      // The buyer may try again; a failure after a success (events out of order) changes nothing.
      return false;
  }
}

/**
 * Verifies and applies one webhook delivery. The event id is recorded in the same transaction as
 * its effect, so a replay (or a concurrent duplicate delivery) finds it and changes nothing.
 */
export async function handleStripeWebhook(rawBody: string | Uint8Array, signatureHeader: string | null | undefined, now = new Date()): Promise<WebhookOutcome> {
  const event = verifyStripeEvent(rawBody, signatureHeader);
  if (!isHandledEventType(event.type)) return { result: "ignored", eventId: event.id };
  const fact = paymentFactOf(event);

  return getDb().transaction(async (tx) => {
    const order = fact.kind === "ignored" ? undefined : await findOrder(tx, fact);
    const recorded = await tx
      .insert(paymentEvents)
      .values({ id: event.id, type: event.type, orderId: order?.id ?? null })
      .onConflictDoNothing({ target: paymentEvents.id })
      .returning({ id: paymentEvents.id });
    if (recorded.length === 0) return { result: "duplicate", eventId: event.id } as const;
    if (!order || fact.kind === "ignored") return { result: "applied", eventId: event.id, orderId: order?.id ?? null, changed: false } as const;
    const changed = await apply(tx, order, fact, now);
    return { result: "applied", eventId: event.id, orderId: order.id, changed } as const;
  });
}
