// Stripe webhooks, the source of truth for card payments: verified, applied once per event id,
// and never moving an order's payment backwards (docs/quality.md R3).
import { settings } from "#app/config/settings.server";
import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { getDb, type Executor } from "#db/connection.server";
import { orders, paymentEvents, payments } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { CURRENCY } from "#app/domain/money";
import { isHandledEventType, paymentFactOf, type PaymentFact } from "./events";
import { emitPaidIfSettled } from "./paid-event.server";

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

type OrderRow = { id: string; stripePaymentIntentId: string | null };

/**
 * The order an event is about: by the PaymentIntent it already knows (on the order or on one of
 * its card payments), else by the id Circuit put in the metadata. Its row is locked, so events
 * about one order apply one after the other.
 */
async function findOrder(tx: Executor, fact: Exclude<PaymentFact, { kind: "ignored" }>): Promise<OrderRow | undefined> {
  const columns = { id: orders.id, stripePaymentIntentId: orders.stripePaymentIntentId };
  let id: string | undefined;
  if (fact.intentId) {
    const [byIntent] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(
        or(
          eq(orders.stripePaymentIntentId, fact.intentId),
          sql`exists (select 1 from payments p where p.order_id = ${orders.id} and p.external_reference = ${fact.intentId})`,
        ),
      )
      .limit(1);
    id = byIntent?.id;
  }
  if (!id && fact.orderId) {
    const [byId] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.id, fact.orderId), ne(orders.state, "cart")));
    id = byId?.id;
  }
  if (!id) return undefined;
  const [locked] = await tx.select(columns).from(orders).where(eq(orders.id, id)).for("update");
  return locked;
}

async function cardPaymentOf(tx: Executor, orderId: string, reference: string) {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.kind, "payment"), eq(payments.externalReference, reference)));
  return row;
}

/** Money received: one completed card payment per PaymentIntent, whatever the number of events telling it. */
async function recordPaid(tx: Executor, order: OrderRow, fact: Extract<PaymentFact, { kind: "paid" }>, now: Date): Promise<boolean> {
  if (fact.currency !== CURRENCY.toLowerCase()) {
    console.warn(`Stripe payment for order ${order.id} in ${fact.currency}, not ${CURRENCY}: not recorded.`);
    return false;
  }
  const reference = fact.intentId ?? fact.sessionId;
  if (!reference || !(fact.amountCents > 0)) return false;
  const existing = await cardPaymentOf(tx, order.id, reference);
  if (existing) {
    if (existing.state !== "pending") return false;
    await tx.update(payments).set({ state: "completed", updatedAt: now }).where(eq(payments.id, existing.id));
  } else {
    if (order.stripePaymentIntentId && fact.intentId && order.stripePaymentIntentId !== fact.intentId) {
      console.warn(`Order ${order.id} was paid again by ${fact.intentId} (first by ${order.stripePaymentIntentId}): it shows as overpaid.`);
    }
    const inserted = await tx
      .insert(payments)
      .values(completedCardPayment(order.id, fact.amountCents, reference, now))
      .onConflictDoNothing()
      .returning({ id: payments.id });
    if (inserted.length === 0) return false;
  }
  await tx
    .update(orders)
    .set({
      stripePaymentIntentId: fact.intentId ? sql`coalesce(${orders.stripePaymentIntentId}, ${fact.intentId})` : sql`${orders.stripePaymentIntentId}`,
      updatedAt: now,
    })
    .where(eq(orders.id, order.id));
  await emitPaidIfSettled(tx, order.id, existing ? existing.amountCents : fact.amountCents, now);
  return true;
}

/** A card payment Stripe reports as received, as its record. */
function completedCardPayment(orderId: string, amountCents: number, externalReference: string | null, occurredAt: Date) {
  return { orderId, kind: "payment", method: "card", amountCents, state: "completed", occurredAt, externalReference } as const;
}

/** Remembers the intent of a finished Checkout whose money is still on its way. */
async function rememberIntent(tx: Executor, order: OrderRow, intentId: string): Promise<boolean> {
  const updated = await tx
    .update(orders)
    .set({ stripePaymentIntentId: intentId })
    .where(and(eq(orders.id, order.id), isNull(orders.stripePaymentIntentId)))
    .returning({ id: orders.id });
  return updated.length > 0;
}

/**
 * A charge's refunded total reconciled into refund records of its payment: refunds Circuit made
 * (pending until Stripe confirms) count first; anything beyond them (a refund made in Stripe's
 * dashboard) becomes one record keyed by the charge and its refunded total, so a replayed or late
 * event adds nothing. A refund that overtakes its success event records the payment too.
 */
async function recordRefunded(tx: Executor, order: OrderRow, fact: Extract<PaymentFact, { kind: "refunded" }>, now: Date): Promise<boolean> {
  let payment = await cardPaymentOf(tx, order.id, fact.intentId);
  let changed = false;
  if (!payment) {
    [payment] = await tx
      .insert(payments)
      .values(completedCardPayment(order.id, fact.amountCents, fact.intentId, now))
      .returning();
    await tx
      .update(orders)
      .set({ stripePaymentIntentId: sql`coalesce(${orders.stripePaymentIntentId}, ${fact.intentId})` })
      .where(eq(orders.id, order.id));
    changed = true;
  }
  const [known] = await tx
    .select({ cents: sql<number>`coalesce(sum(${payments.amountCents}), 0)::int` })
    .from(payments)
    .where(and(eq(payments.refundsPaymentId, payment.id), inArray(payments.state, ["pending", "completed"])));
  const knownCents = known?.cents ?? 0;
  if (fact.refundedCents >= knownCents) {
    const confirmed = await tx
      .update(payments)
      .set({ state: "completed", updatedAt: now })
      .where(and(eq(payments.refundsPaymentId, payment.id), eq(payments.state, "pending")))
      .returning({ id: payments.id });
    if (confirmed.length > 0) changed = true;
  }
  if (fact.refundedCents > knownCents) {
    const inserted = await tx
      .insert(payments)
      .values({
        orderId: order.id,
        kind: "refund",
        method: "card",
        amountCents: fact.refundedCents - knownCents,
        state: "completed",
        occurredAt: now,
        externalReference: `${fact.chargeId}:refunded:${fact.refundedCents}`,
        refundsPaymentId: payment.id,
      })
      .onConflictDoNothing()
      .returning({ id: payments.id });
    if (inserted.length > 0) changed = true;
  }
  if (fact.refundedCents >= payment.amountCents && payment.state === "completed") {
    await tx.update(payments).set({ state: "refunded", updatedAt: now }).where(eq(payments.id, payment.id));
    changed = true;
  }
  if (changed) await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, order.id));
  return changed;
}

async function apply(tx: Executor, order: OrderRow, fact: Exclude<PaymentFact, { kind: "ignored" }>, now: Date): Promise<boolean> {
  switch (fact.kind) {
    case "paid":
      return recordPaid(tx, order, fact, now);
    case "intent":
      return rememberIntent(tx, order, fact.intentId);
    case "refunded":
      return recordRefunded(tx, order, fact, now);
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
