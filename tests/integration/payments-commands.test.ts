// Recording money for orders (docs/domain.md 9): payments received, refunds (card through the
// Stripe stub, others recorded), many orders marked paid, Idempotency-Key, and their refusals.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { cancelOrder } from "#app/domain/orders/changes.server";
import { executeCardRefund } from "#app/domain/payments/card-refunds.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as paymentsRoute from "#app/routes/api.v1.orders.$orderId.payments";
import * as refundsRoute from "#app/routes/api.v1.orders.$orderId.refunds";
import * as markPaidRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.payments";
import * as webhookRoute from "#app/routes/api.v1.webhooks.stripe";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";
import { insertCardPayment, paymentRows } from "#tests/support/payments";
import { setEnv } from "#tests/support/settings";
import { chargeObject, signedDelivery, startStripeStub, stripeEvent, type StripeStub } from "#tests/support/stripe-stub";

const SECRET = "whsec_test_circuit_refunds";
let w: CoopPlus;
let cycleId: string;
let stub: StripeStub;

beforeAll(async () => {
  stub = await startStripeStub();
  setEnv({ STRIPE_SECRET_KEY: "sk_test_circuit", STRIPE_API_BASE: stub.url, STRIPE_WEBHOOK_SECRET: SECRET });
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { name: "Pay week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => {
  stub.reset();
});

/** A placed order at River (w.distributor) or Lake; carrots 1 kg each. */
async function place(shop: "river" | "lake" = "river", quantity = 2) {
  const methods = shop === "river" ? w.methods.distributor : w.methods.lake[0];
  const id = await placeOrder(
    {
      distributorId: shop === "river" ? w.distributor.id : w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: methods.shipping.id,
      paymentMethodId: methods.payment.id,
      email: "ada@example.org",
      name: "Ada Buyer",
      lines: [{ variantId: w.variants.a[0], quantity }],
    },
    undefined,
  );
  await getDb().update(orders).set({ buyerId: w.people.nobody.id }).where(eq(orders.id, id));
  const [order] = await getDb().select().from(orders).where(eq(orders.id, id));
  return order;
}

const post = (route: typeof paymentsRoute | typeof refundsRoute, orderId: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
  callRoute(route, { method: "POST", path: `/api/v1/orders/${orderId}/x`, params: { orderId }, body, token, headers });

async function figures(orderId: string, token = w.people.hub.token) {
  const body = await json(await callRoute(orderRoute, { path: `/api/v1/orders/${orderId}`, params: { orderId }, token }));
  return { paidCents: body.paidCents, balanceCents: body.balanceCents, paymentState: body.paymentState };
}

describe("recording a payment received", () => {
  it("a cash part payment by the distributor: 201, and the order shows what is paid and due", async () => {
    const order = await place();
    const response = await post(paymentsRoute, order.id, { amountCents: 500, method: "cash", note: "At the stall" }, w.people.distributor.token);
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ kind: "payment", method: "cash", amountCents: 500, state: "completed", note: "At the stall" });
    expect(await figures(order.id)).toEqual({ paidCents: 500, balanceCents: order.totalCents - 500, paymentState: "partially_paid" });
    const [row] = await paymentRows(order.id);
    expect(row.recordedByUserId).toBe(w.people.distributor.id);
    const list = await json(await callRoute(paymentsRoute, { path: "/x", params: { orderId: order.id }, token: w.people.nobody.token }));
    expect(list.items).toHaveLength(1);
    expect(list.balanceCents).toBe(order.totalCents - 500);
  });

  it("the coordinator pays the rest by transfer on a given day: paid", async () => {
    const order = await place();
    await post(paymentsRoute, order.id, { amountCents: 200, method: "cash" }, w.people.hub.token);
    const response = await post(
      paymentsRoute,
      order.id,
      { amountCents: order.totalCents - 200, method: "bank_transfer", receivedAt: "2026-01-05" },
      w.people.hub.token,
    );
    expect(response.status).toBe(201);
    expect((await json(response)).at).toBe("2026-01-05T12:00:00.000Z");
    expect((await figures(order.id)).paymentState).toBe("paid");
  });

  it("refuses bad input with 422 at the field and writes nothing", async () => {
    const order = await place();
    for (const [body, field] of [
      [{ amountCents: 0, method: "cash" }, "amountCents"],
      [{ amountCents: -5, method: "cash" }, "amountCents"],
      [{ amountCents: 12.5, method: "cash" }, "amountCents"],
      [{ amountCents: 100, method: "card" }, "method"],
      [{ amountCents: 100, method: "cash", receivedAt: new Date(Date.now() + 86_400_000).toISOString() }, "receivedAt"],
      [{ amountCents: 100, method: "cash", receivedAt: "yesterday" }, "receivedAt"],
    ] as const) {
      const response = await post(paymentsRoute, order.id, body, w.people.distributor.token);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys((await json(response)).error.fields)).toEqual([field]);
    }
    expect(await paymentRows(order.id)).toEqual([]);
  });

  it("takes a receivedAt a few minutes ahead of the server's clock", async () => {
    const order = await place();
    const response = await post(
      paymentsRoute,
      order.id,
      { amountCents: 100, method: "cash", receivedAt: new Date(Date.now() + 2 * 60_000).toISOString() },
      w.people.distributor.token,
    );
    expect(response.status).toBe(201);
  });

  it("refuses a payment on a cancelled order with a clear 409", async () => {
    const order = await place();
    await cancelOrder({ actor: w.actors.hub }, order.id);
    const response = await post(paymentsRoute, order.id, { amountCents: 100, method: "cash" }, w.people.hub.token);
    expect(response.status).toBe(409);
    expect((await json(response)).error.fields.payment).toMatch(/cancelled/);
    expect(await paymentRows(order.id)).toEqual([]);
  });

  it("the supplier's manager and another shop's manager are told the order does not exist; its buyer may not record", async () => {
    const order = await place();
    expect((await post(paymentsRoute, order.id, { amountCents: 100, method: "cash" }, w.people.supplierA.token)).status).toBe(404);
    expect((await post(paymentsRoute, order.id, { amountCents: 100, method: "cash" }, w.people.lake.token)).status).toBe(404);
    expect((await post(paymentsRoute, order.id, { amountCents: 100, method: "cash" }, w.people.nobody.token)).status).toBe(403);
    expect((await post(refundsRoute, order.id, { amountCents: 100 }, w.people.lake.token)).status).toBe(404);
    expect(await paymentRows(order.id)).toEqual([]);
  });
});

describe("Idempotency-Key", () => {
  it("the same key from the same caller answers the first result again and records nothing more", async () => {
    const order = await place();
    const headers = { "Idempotency-Key": "pay-once-1" };
    const first = await post(paymentsRoute, order.id, { amountCents: 300, method: "cash" }, w.people.distributor.token, headers);
    const again = await post(paymentsRoute, order.id, { amountCents: 300, method: "cash" }, w.people.distributor.token, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((await json(again)).id).toBe((await json(first)).id);
    expect(await paymentRows(order.id)).toHaveLength(1);
    // Another caller's same key is its own.
    await post(paymentsRoute, order.id, { amountCents: 300, method: "cash" }, w.people.hub.token, headers);
    expect(await paymentRows(order.id)).toHaveLength(2);
  });

  it("two identical requests with the same key at the same moment over HTTP record exactly once", async () => {
    const order = await place();
    const server = await serveRoute(paymentsRoute, { orderId: order.id });
    try {
      const send = () =>
        fetch(`${server.url}/api/v1/orders/${order.id}/payments`, {
          method: "POST",
          headers: { Authorization: `Bearer ${w.people.distributor.token}`, "Content-Type": "application/json", "Idempotency-Key": "race-42" },
          body: JSON.stringify({ amountCents: 400, method: "cash" }),
        });
      const responses = await Promise.all([send(), send(), send()]);
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
      const ids = new Set(await Promise.all(responses.map(async (response) => (await response.json()).id)));
      expect(ids.size).toBe(1);
      expect(await paymentRows(order.id)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("refunds", () => {
  it("a cash refund is recorded; more than was paid is refused at amountCents in the reader's money", async () => {
    const order = await place();
    await post(paymentsRoute, order.id, { amountCents: 500, method: "cash" }, w.people.distributor.token);
    const tooMuch = await post(refundsRoute, order.id, { amountCents: 501 }, w.people.distributor.token);
    expect(tooMuch.status).toBe(422);
    expect((await json(tooMuch)).error.fields.amountCents).toBe("At most €5.00 can be refunded.");
    const inFrench = await post(refundsRoute, order.id, { amountCents: 501 }, w.people.distributor.token, { "Accept-Language": "fr" });
    expect((await json(inFrench)).error.fields.amountCents).toMatch(/au plus 5,00\s€/);
    const response = await post(refundsRoute, order.id, { amountCents: 200, reason: "Bruised" }, w.people.distributor.token);
    expect(response.status).toBe(201);
    expect((await json(response)).items).toMatchObject([{ kind: "refund", method: "cash", amountCents: 200, state: "completed", note: "Bruised" }]);
    expect(await figures(order.id)).toMatchObject({ paidCents: 300 });
    expect(stub.requests).toEqual([]);
  });

  it("nothing paid: nothing to refund (422)", async () => {
    const order = await place();
    const response = await post(refundsRoute, order.id, { amountCents: 100 }, w.people.hub.token);
    expect(response.status).toBe(422);
    expect(Object.keys((await json(response)).error.fields)).toEqual(["amountCents"]);
  });

  it("a partial card refund goes to Stripe once with the record's idempotency key; its webhook then adds no second record", async () => {
    const order = await place();
    const payment = await insertCardPayment(order.id, order.totalCents);
    const response = await post(refundsRoute, order.id, { amountCents: 150 }, w.people.hub.token, { "Idempotency-Key": "refund-1" });
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.items).toHaveLength(1);
    const [refund] = body.items;
    expect(refund).toMatchObject({ kind: "refund", method: "card", amountCents: 150, state: "completed", refundsPaymentId: payment.id });
    expect(refund.reference).toMatch(/^re_test_/);
    const calls = stub.requests.filter((request) => request.path === "/v1/refunds");
    expect(calls).toHaveLength(1);
    expect(calls[0].headers["idempotency-key"]).toBe(`circuit-refund-${refund.id}`);
    expect(calls[0].body).toMatchObject({ payment_intent: payment.externalReference, amount: "150" });

    // The same request again: the same answer, no second refund at Stripe.
    const again = await post(refundsRoute, order.id, { amountCents: 150 }, w.people.hub.token, { "Idempotency-Key": "refund-1" });
    expect((await json(again)).items[0].id).toBe(refund.id);
    expect(stub.requests.filter((request) => request.path === "/v1/refunds")).toHaveLength(1);

    // Stripe's charge.refunded for it reconciles into the same record.
    const event = stripeEvent(
      "charge.refunded",
      chargeObject({ paymentIntentId: payment.externalReference!, amount: order.totalCents, refunded: false, amountRefunded: 150 }),
    );
    const signed = signedDelivery(event, SECRET);
    await callRoute(webhookRoute, { method: "POST", path: "/api/v1/webhooks/stripe", body: signed.payload, headers: { "Stripe-Signature": signed.signature } });
    expect((await paymentRows(order.id)).filter((row) => row.kind === "refund")).toHaveLength(1);
    expect(await figures(order.id)).toEqual({ paidCents: order.totalCents - 150, balanceCents: 150, paymentState: "partially_paid" });
  });

  it("refuses a card refund above what the card paid", async () => {
    const order = await place();
    await insertCardPayment(order.id, 300);
    const response = await post(refundsRoute, order.id, { amountCents: 301, method: "card" }, w.people.hub.token);
    expect(response.status).toBe(422);
    expect((await json(response)).error.fields.amountCents).toBe("At most €3.00 can be refunded.");
    expect(stub.requests).toEqual([]);
  });

  it("when Stripe fails after the commit the refund stays pending and a later run (its job) sends it with the same key, once", async () => {
    const order = await place();
    await insertCardPayment(order.id, order.totalCents);
    stub.failNext(500, 1);
    const response = await post(refundsRoute, order.id, { amountCents: 100 }, w.people.hub.token);
    expect(response.status).toBe(201);
    const [refund] = (await json(response)).items;
    expect(refund.state).toBe("pending");
    // The refund counts at once: it may not be asked twice.
    expect((await figures(order.id)).paidCents).toBe(order.totalCents - 100);
    expect(await executeCardRefund(refund.id, { throwOnRetryable: true })).toBe("completed");
    expect(await executeCardRefund(refund.id)).toBe("skipped");
    const keys = stub.requests.filter((request) => request.path === "/v1/refunds").map((request) => request.headers["idempotency-key"]);
    expect(new Set(keys)).toEqual(new Set([`circuit-refund-${refund.id}`]));
    expect((await paymentRows(order.id)).find((row) => row.id === refund.id)?.state).toBe("completed");
  });
});

describe("marking a shop's orders paid", () => {
  const mark = (distributorId: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
    callRoute(markPaidRoute, { method: "POST", path: "/x", params: { cycleId, distributorId }, body, token, headers });

  it("each listed order gets a payment for its balance; an order with nothing due is left as it is", async () => {
    const unpaid = await place();
    const part = await place();
    const paid = await place();
    await post(paymentsRoute, part.id, { amountCents: 100, method: "cash" }, w.people.hub.token);
    await post(paymentsRoute, paid.id, { amountCents: paid.totalCents, method: "cash" }, w.people.hub.token);
    const response = await mark(w.distributor.id, { orderIds: [unpaid.id, part.id, paid.id], method: "cash" }, w.people.distributor.token);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.items.map((item: { paymentState: string; balanceCents: number }) => [item.paymentState, item.balanceCents])).toEqual([
      ["paid", 0],
      ["paid", 0],
      ["paid", 0],
    ]);
    expect((await paymentRows(part.id)).map((row) => row.amountCents).sort((a, b) => a - b)).toEqual([100, part.totalCents - 100].sort((a, b) => a - b));
    expect(await paymentRows(paid.id)).toHaveLength(1);
    expect((await paymentRows(unpaid.id))[0]).toMatchObject({ amountCents: unpaid.totalCents, method: "cash", recordedByUserId: w.people.distributor.id });
  });

  it("an order of another shop in the list: 422 naming it, nothing written", async () => {
    const river = await place();
    const lake = await place("lake");
    const response = await mark(w.distributor.id, { orderIds: [river.id, lake.id], method: "cash" }, w.people.hub.token);
    expect(response.status).toBe(422);
    expect((await json(response)).error.fields.orderIds).toContain(lake.id);
    expect(await paymentRows(river.id)).toEqual([]);
    expect(await paymentRows(lake.id)).toEqual([]);
  });

  it("another shop's manager gets 404, a supplier's 403, bad input 422", async () => {
    const river = await place();
    expect((await mark(w.distributor.id, { orderIds: [river.id], method: "cash" }, w.people.lake.token)).status).toBe(404);
    expect((await mark(w.distributor.id, { orderIds: [river.id], method: "cash" }, w.people.supplierA.token)).status).toBe(403);
    expect((await mark(w.distributor.id, { orderIds: [], method: "cash" }, w.people.hub.token)).status).toBe(422);
    expect((await mark(w.distributor.id, { orderIds: [river.id], method: "card" }, w.people.hub.token)).status).toBe(422);
    expect(await paymentRows(river.id)).toEqual([]);
  });
});
