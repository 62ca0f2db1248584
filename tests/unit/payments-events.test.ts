// What each Stripe event means for an order's payment (pure: no database).
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { isHandledEventType, paymentFactOf } from "#app/domain/payments/events";

function event(type: string, object: Record<string, unknown>) {
  return { id: "evt_1", object: "event", type, data: { object } } as unknown as Stripe.Event;
}

describe("paymentFactOf", () => {
  it("reads a succeeded PaymentIntent as paid, with the amount received and the order from the metadata", () => {
    expect(paymentFactOf(event("payment_intent.succeeded", { id: "pi_1", amount_received: 1250, currency: "EUR", metadata: { orderId: "o1" } }))).toEqual({
      kind: "paid",
      orderId: "o1",
      intentId: "pi_1",
      amountCents: 1250,
      currency: "eur",
    });
  });

  it("reads a completed and paid Checkout Session as paid, finding the order by client_reference_id", () => {
    const fact = paymentFactOf(
      event("checkout.session.completed", {
        mode: "payment",
        client_reference_id: "o2",
        metadata: {},
        payment_intent: "pi_2",
        payment_status: "paid",
        amount_total: 990,
        currency: "eur",
      }),
    );
    expect(fact).toEqual({ kind: "paid", orderId: "o2", intentId: "pi_2", amountCents: 990, currency: "eur" });
  });

  it("reads a completed Checkout still waiting for its money as the intent to remember, not as paid", () => {
    const fact = paymentFactOf(
      event("checkout.session.completed", {
        mode: "payment",
        client_reference_id: null,
        metadata: { orderId: "o3" },
        payment_intent: { id: "pi_3" },
        payment_status: "unpaid",
        amount_total: 990,
        currency: "eur",
      }),
    );
    expect(fact).toEqual({ kind: "intent", orderId: "o3", intentId: "pi_3" });
  });

  it("ignores sessions that are not payments", () => {
    expect(paymentFactOf(event("checkout.session.completed", { mode: "setup", client_reference_id: "o4", payment_status: "no_payment_required" })).kind).toBe(
      "ignored",
    );
  });

  it("reads a failed PaymentIntent as failed", () => {
    expect(paymentFactOf(event("payment_intent.payment_failed", { id: "pi_5", metadata: { orderId: "o5" } }))).toEqual({
      kind: "failed",
      orderId: "o5",
      intentId: "pi_5",
    });
  });

  it("reads a charge's refunded total so far, partial or full; nothing refunded is ignored", () => {
    const charge = { id: "ch_6", amount: 2_000, currency: "EUR", payment_intent: "pi_6", metadata: {} };
    expect(paymentFactOf(event("charge.refunded", { ...charge, refunded: false, amount_refunded: 500 }))).toEqual({
      kind: "refunded",
      orderId: undefined,
      intentId: "pi_6",
      chargeId: "ch_6",
      amountCents: 2_000,
      refundedCents: 500,
      currency: "eur",
    });
    expect(paymentFactOf(event("charge.refunded", { ...charge, refunded: true, amount_refunded: 2_000 }))).toMatchObject({ refundedCents: 2_000 });
    expect(paymentFactOf(event("charge.refunded", { ...charge, refunded: false, amount_refunded: 0 })).kind).toBe("ignored");
  });

  it("knows which event types it handles", () => {
    expect(isHandledEventType("payment_intent.succeeded")).toBe(true);
    expect(isHandledEventType("customer.created")).toBe(false);
  });
});
