// docs/quality.md R3: Stripe webhooks are verified, applied once per event, and never move a payment backwards.
import { count, eq, getTableColumns } from "drizzle-orm";
import { paymentStateSql } from "#app/domain/payments/balance.server";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, paymentEvents, payments } from "#db/schema";
import * as webhookRoute from "#app/routes/api.v1.webhooks.stripe";
import { coop, type Coop } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import {
  chargeObject,
  checkoutSessionObject,
  insertCardOrder,
  paymentIntentObject,
  signedDelivery,
  stripeEvent,
  stripeTestId,
} from "#tests/support/stripe-stub";
import { setEnv } from "#tests/support/settings";

const SECRET = "whsec_test_circuit_payments";
let w: Coop;

beforeAll(async () => {
  setEnv({ STRIPE_WEBHOOK_SECRET: SECRET });
  w = await coop();
});

async function deliver(event: unknown, options: { secret?: string; signature?: string | null; payload?: string } = {}) {
  const signed = signedDelivery(event, options.secret ?? SECRET);
  const headers: Record<string, string> = {};
  const signature = options.signature === undefined ? signed.signature : options.signature;
  if (signature !== null) headers["Stripe-Signature"] = signature;
  return callRoute(webhookRoute, { method: "POST", path: "/api/v1/webhooks/stripe", body: options.payload ?? signed.payload, headers });
}

async function orderRow(id: string) {
  const [row] = await getDb()
    .select({ ...getTableColumns(orders), paymentState: paymentStateSql() })
    .from(orders)
    .where(eq(orders.id, id));
  return row;
}

async function records(orderId: string) {
  return getDb().select().from(payments).where(eq(payments.orderId, orderId));
}

async function eventCount(orderId?: string) {
  const [row] = await getDb()
    .select({ n: count() })
    .from(paymentEvents)
    .where(orderId ? eq(paymentEvents.orderId, orderId) : undefined);
  return row.n;
}

async function newOrder(totalCents = 2_345) {
  return insertCardOrder({ distributorId: w.distributor.id, buyer: w.people.nobody, totalCents });
}

describe("Stripe webhook signature", () => {
  it("refuses a delivery signed with another secret with 400 and changes nothing", async () => {
    const order = await newOrder();
    const before = await eventCount();
    const response = await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 })), {
      secret: "whsec_wrong",
    });
    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe("malformed");
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
    expect(await eventCount()).toBe(before);
  });

  it("refuses a delivery without a Stripe-Signature header with 400", async () => {
    const order = await newOrder();
    const response = await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 })), { signature: null });
    expect(response.status).toBe(400);
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
  });

  it("refuses a body changed after signing (the amount raised) with 400", async () => {
    const order = await newOrder();
    const event = stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 100 }));
    const signed = signedDelivery(event, SECRET);
    const tampered = signed.payload.replace('"amount_received": 100', '"amount_received": 2345');
    expect(tampered).not.toBe(signed.payload);
    const response = await deliver(event, { payload: tampered, signature: signed.signature });
    expect(response.status).toBe(400);
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
  });

  it("refuses a delivery signed too long ago (a replayed capture) with 400", async () => {
    const order = await newOrder();
    const event = stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 }));
    const old = signedDelivery(event, SECRET, Math.floor(Date.now() / 1000) - 3_600);
    const response = await deliver(event, { payload: old.payload, signature: old.signature });
    expect(response.status).toBe(400);
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
  });

  it("refuses every delivery when no webhook secret is configured", async () => {
    const order = await newOrder();
    setEnv({ STRIPE_WEBHOOK_SECRET: undefined });
    try {
      const response = await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 })));
      expect(response.status).toBe(400);
    } finally {
      setEnv({ STRIPE_WEBHOOK_SECRET: SECRET });
    }
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
  });
});

describe("Stripe webhook effects", () => {
  it("marks the order paid on a valid payment_intent.succeeded and answers {received: true}", async () => {
    const order = await newOrder();
    const intent = paymentIntentObject({ orderId: order.id, amount: 2_345 });
    const response = await deliver(stripeEvent("payment_intent.succeeded", intent));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ received: true });
    const row = await orderRow(order.id);
    expect(row.paymentState).toBe("paid");
    expect(row.stripePaymentIntentId).toBe(intent.id);
    expect(row.updatedAt.getTime()).toBeGreaterThan(order.updatedAt.getTime());
  });

  it("applies the same event delivered twice only once", async () => {
    const order = await newOrder();
    const event = stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 }));
    expect((await deliver(event)).status).toBe(200);
    const afterFirst = await orderRow(order.id);
    expect(afterFirst.paymentState).toBe("paid");

    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ received: true });
    const afterSecond = await orderRow(order.id);
    expect(afterSecond.updatedAt.getTime()).toBe(afterFirst.updatedAt.getTime());
    expect(await eventCount(order.id)).toBe(1);
    expect(await records(order.id)).toHaveLength(1);
  });

  it("applies the same event delivered twice at the same moment only once", async () => {
    const order = await newOrder();
    const event = stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 }));
    const responses = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect((await orderRow(order.id)).paymentState).toBe("paid");
    expect(await eventCount(order.id)).toBe(1);
    expect(await records(order.id)).toHaveLength(1);
  });

  it("keeps a paid order paid when a payment_intent.payment_failed arrives after the success", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    const paid = await orderRow(order.id);
    const response = await deliver(
      stripeEvent("payment_intent.payment_failed", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345, status: "requires_payment_method" })),
    );
    expect(response.status).toBe(200);
    const row = await orderRow(order.id);
    expect(row.paymentState).toBe("paid");
    expect(row.updatedAt.getTime()).toBe(paid.updatedAt.getTime());
    expect(await eventCount(order.id)).toBe(2);
  });

  it("leaves an order unpaid after a failed attempt, and a later success pays it", async () => {
    const order = await newOrder();
    const response = await deliver(
      stripeEvent("payment_intent.payment_failed", paymentIntentObject({ orderId: order.id, amount: 2_345, status: "requires_payment_method" })),
    );
    expect(response.status).toBe(200);
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345 })));
    expect((await orderRow(order.id)).paymentState).toBe("paid");
  });

  it("pays the order once when payment_intent.succeeded arrives before checkout.session.completed", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    const paid = await orderRow(order.id);
    expect(paid.paymentState).toBe("paid");

    const response = await deliver(
      stripeEvent("checkout.session.completed", checkoutSessionObject({ orderId: order.id, paymentIntentId: intentId, amount: 2_345 })),
    );
    expect(response.status).toBe(200);
    const row = await orderRow(order.id);
    expect(row.paymentState).toBe("paid");
    expect(row.stripePaymentIntentId).toBe(intentId);
    expect(row.updatedAt.getTime()).toBe(paid.updatedAt.getTime());
  });

  it("pays the order once when checkout.session.completed (paid) comes first and payment_intent.succeeded follows", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("checkout.session.completed", checkoutSessionObject({ orderId: order.id, paymentIntentId: intentId, amount: 2_345 })));
    const paid = await orderRow(order.id);
    expect(paid.paymentState).toBe("paid");
    expect(paid.stripePaymentIntentId).toBe(intentId);
    // The intent's own event finds the order by the stored intent id even without metadata.
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, amount: 2_345 })));
    expect((await orderRow(order.id)).updatedAt.getTime()).toBe(paid.updatedAt.getTime());
  });

  it("remembers the intent of a completed but not yet paid Checkout, and its success then pays the order", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(
      stripeEvent(
        "checkout.session.completed",
        checkoutSessionObject({ orderId: order.id, paymentIntentId: intentId, amount: 2_345, paymentStatus: "unpaid" }),
      ),
    );
    const pending = await orderRow(order.id);
    expect(pending.paymentState).toBe("unpaid");
    expect(pending.stripePaymentIntentId).toBe(intentId);
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, amount: 2_345 })));
    expect((await orderRow(order.id)).paymentState).toBe("paid");
  });

  it("records a payment for less than the total as a part payment, leaving a balance", async () => {
    const order = await newOrder(2_345);
    const response = await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 1_000 })));
    expect(response.status).toBe(200);
    expect((await orderRow(order.id)).paymentState).toBe("partially_paid");
    expect((await records(order.id)).map((r) => [r.kind, r.method, r.amountCents, r.state])).toEqual([["payment", "card", 1_000, "completed"]]);
  });

  it("does not mark an order paid in another currency", async () => {
    const order = await newOrder(2_345);
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: order.id, amount: 2_345, currency: "usd" })));
    expect((await orderRow(order.id)).paymentState).toBe("unpaid");
  });

  it("marks a paid order refunded on a full charge.refunded, once", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    const refund = stripeEvent("charge.refunded", chargeObject({ paymentIntentId: intentId, amount: 2_345 }));
    expect((await deliver(refund)).status).toBe(200);
    const refunded = await orderRow(order.id);
    expect(refunded.paymentState).toBe("refunded");
    await deliver(refund);
    expect((await orderRow(order.id)).updatedAt.getTime()).toBe(refunded.updatedAt.getTime());
    // A late success event cannot bring it back to paid.
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    expect((await orderRow(order.id)).paymentState).toBe("refunded");
  });

  it("keeps the order refunded when the refund overtakes the success event", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("charge.refunded", chargeObject({ paymentIntentId: intentId, amount: 2_345, orderId: order.id })));
    expect((await orderRow(order.id)).paymentState).toBe("refunded");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    expect((await orderRow(order.id)).paymentState).toBe("refunded");
  });

  it("records a partial refund made in Stripe once, however often and in whatever order its events arrive", async () => {
    const order = await newOrder();
    const intentId = stripeTestId("pi");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: intentId, orderId: order.id, amount: 2_345 })));
    const charge = chargeObject({ paymentIntentId: intentId, amount: 2_345, refunded: false, amountRefunded: 500 });
    const later = { ...charge, amount_refunded: 800 };
    // The second refund's event overtakes the first; each is also delivered twice.
    await deliver(stripeEvent("charge.refunded", later));
    await deliver(stripeEvent("charge.refunded", charge));
    await deliver(stripeEvent("charge.refunded", later));
    const row = await orderRow(order.id);
    expect(row.paymentState).toBe("partially_paid");
    const refunds = (await records(order.id)).filter((r) => r.kind === "refund");
    expect(refunds.reduce((sum, r) => sum + r.amountCents, 0)).toBe(800);
    expect(refunds).toHaveLength(1);
  });

  it("keeps an order paid when a second, accidental payment for it is refunded", async () => {
    const order = await newOrder();
    const first = stripeTestId("pi");
    const second = stripeTestId("pi");
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: first, orderId: order.id, amount: 2_345 })));
    await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ id: second, orderId: order.id, amount: 2_345 })));
    const row = await orderRow(order.id);
    expect(row.paymentState).toBe("overpaid");
    expect(row.stripePaymentIntentId).toBe(first);
    await deliver(stripeEvent("charge.refunded", chargeObject({ paymentIntentId: second, amount: 2_345, orderId: order.id })));
    expect((await orderRow(order.id)).paymentState).toBe("paid");
  });

  it("answers 200 to events about no known order and to event types it does not handle", async () => {
    const unknown = await deliver(stripeEvent("payment_intent.succeeded", paymentIntentObject({ orderId: "no-such-order", amount: 2_345 })));
    expect(unknown.status).toBe(200);
    const before = await eventCount();
    const other = await deliver(stripeEvent("customer.created", { id: stripeTestId("cus"), object: "customer" }));
    expect(other.status).toBe(200);
    expect(await eventCount()).toBe(before);
  });

  it("answers 405 to a GET", async () => {
    const response = await callRoute(webhookRoute, { method: "GET", path: "/api/v1/webhooks/stripe" });
    expect(response.status).toBe(405);
  });
});
