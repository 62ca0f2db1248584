// What a Stripe event means for an order's payment, as a plain value: no database, no clock.
// The webhook handler applies these facts with conditional UPDATEs (webhooks.server.ts).
import type Stripe from "stripe";

/** The Stripe event types Circuit listens to; any other type is answered 200 and not recorded. */
const handledEventTypes = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.refunded",
] as const;

export type HandledEventType = (typeof handledEventTypes)[number];

export function isHandledEventType(type: string): type is HandledEventType {
  return (handledEventTypes as readonly string[]).includes(type);
}

export type PaymentFact =
  /** Money was received for the order (or for the intent that pays it). */
  | { kind: "paid"; orderId?: string; intentId?: string; sessionId?: string; amountCents: number; currency: string }
  /** The buyer finished Checkout but the money is not there yet (delayed methods): remember the intent. */
  | { kind: "intent"; orderId?: string; intentId: string }
  /** A payment attempt failed; an order never goes back to unpaid because of it. */
  | { kind: "failed"; orderId?: string; intentId: string }
  /** The charge that paid the order was refunded, in part or in full: `refundedCents` is the charge's refunded total so far. */
  | { kind: "refunded"; orderId?: string; intentId: string; chargeId: string; amountCents: number; refundedCents: number; currency: string }
  | { kind: "ignored" };

function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (!value) return undefined;
  return typeof value === "string" ? value : value.id;
}

function orderIdFrom(...candidates: (string | null | undefined)[]): string | undefined {
  for (const candidate of candidates) if (typeof candidate === "string" && candidate.trim() !== "") return candidate.trim();
  return undefined;
}

function fromCheckoutSession(session: Stripe.Checkout.Session, type: HandledEventType): PaymentFact {
  if (session.mode !== "payment") return { kind: "ignored" };
  const orderId = orderIdFrom(session.client_reference_id, session.metadata?.orderId);
  const intentId = idOf(session.payment_intent);
  if (session.payment_status === "paid") {
    return { kind: "paid", orderId, intentId, sessionId: session.id, amountCents: session.amount_total ?? 0, currency: (session.currency ?? "").toLowerCase() };
  }
  if (type === "checkout.session.completed" && intentId) return { kind: "intent", orderId, intentId };
  return { kind: "ignored" };
}

/** Reads an event into the one fact about an order's payment it carries. */
export function paymentFactOf(event: Stripe.Event): PaymentFact {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return fromCheckoutSession(event.data.object, event.type);
    case "payment_intent.succeeded": {
      const intent = event.data.object;
      return {
        kind: "paid",
        orderId: orderIdFrom(intent.metadata?.orderId),
        intentId: intent.id,
        amountCents: intent.amount_received ?? 0,
        currency: (intent.currency ?? "").toLowerCase(),
      };
    }
    case "payment_intent.payment_failed": {
      const intent = event.data.object;
      return { kind: "failed", orderId: orderIdFrom(intent.metadata?.orderId), intentId: intent.id };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const intentId = idOf(charge.payment_intent);
      if (!intentId || !(charge.amount_refunded > 0)) return { kind: "ignored" };
      return {
        kind: "refunded",
        orderId: orderIdFrom(charge.metadata?.orderId),
        intentId,
        chargeId: charge.id,
        amountCents: charge.amount,
        refundedCents: charge.amount_refunded,
        currency: (charge.currency ?? "").toLowerCase(),
      };
    }
    default:
      return { kind: "ignored" };
  }
}
