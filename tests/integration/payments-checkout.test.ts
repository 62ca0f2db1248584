// Starting a card payment: a Checkout Session at the local Stripe stub, idempotent per order, for the
// buyer's own unpaid card order only.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, payments } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { startCardPayment } from "#app/domain/payments/stripe.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import * as payRoute from "#app/routes/orders.$orderId_.pay";
import { coop, sessionCookie, type Coop } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { insertCardOrder, startStripeStub, type StripeStub } from "#tests/support/stripe-stub";
import { setEnv } from "#tests/support/settings";

const URLS = { successUrl: "http://localhost:3000/orders/x?payment=success", cancelUrl: "http://localhost:3000/orders/x?payment=cancelled" };
let stub: StripeStub;
let w: Coop;
let buyerCookie: string;

beforeAll(async () => {
  stub = await startStripeStub();
  setEnv({ STRIPE_SECRET_KEY: "sk_test_circuit" });
  setEnv({ STRIPE_API_BASE: stub.url });
  w = await coop();
  buyerCookie = await sessionCookie(w.people.nobody);
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => {
  setEnv({ STRIPE_SECRET_KEY: "sk_test_circuit" });
  stub.reset();
});

async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

function newOrder(fields: Partial<Parameters<typeof insertCardOrder>[0]> = {}) {
  return insertCardOrder({ distributorId: w.distributor.id, buyer: w.people.nobody, totalCents: 2_345, ...fields });
}

describe("startCardPayment", () => {
  it("creates a Checkout Session in payment mode for the order total in euros, tagged with the order", async () => {
    const order = await newOrder();
    const result = await startCardPayment(order.id, URLS);
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/checkout/sessions");
    expect(request.headers.authorization).toBe("Bearer sk_test_circuit");
    expect(request.body).toMatchObject({
      mode: "payment",
      client_reference_id: order.id,
      customer_email: order.email,
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][unit_amount]": "2345",
      "line_items[0][price_data][product_data][name]": `Order ${order.number} · River Co-op`,
      "payment_intent_data[metadata][orderId]": order.id,
      "metadata[orderId]": order.id,
      success_url: URLS.successUrl,
      cancel_url: URLS.cancelUrl,
    });
    const expiresIn = Number(request.body.expires_at) - Date.now() / 1000;
    expect(expiresIn).toBeGreaterThan(11 * 3600);
    expect(expiresIn).toBeLessThanOrEqual(24 * 3600);
    expect(result.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
  });

  it("names the line in the buyer's language", async () => {
    const order = await newOrder({ locale: "fr" });
    await startCardPayment(order.id, URLS);
    expect(stub.requests[0].body["line_items[0][price_data][product_data][name]"]).toBe(`Commande ${order.number} · River Co-op`);
    expect(stub.requests[0].body.locale).toBe("fr");
  });

  it("sends the same idempotency key when asked twice for the same order, and gets the same session", async () => {
    const order = await newOrder();
    // One instant for both: the key includes the session's 12-hour expiry window, so two calls on
    // the wall clock either side of 00:00 or 12:00 UTC would differ (as they should; see below).
    const now = new Date();
    const first = await startCardPayment(order.id, URLS, now);
    const second = await startCardPayment(order.id, URLS, new Date(now.getTime() + 1));
    expect(stub.requests).toHaveLength(2);
    const [a, b] = stub.requests.map((request) => request.headers["idempotency-key"]);
    expect(a).toBeTruthy();
    expect(a).toContain(order.id);
    expect(b).toBe(a);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.url).toBe(first.url);
  });

  it("keeps one key through a 12-hour UTC window and takes a new one in the next, each session paid for 12 to 24 hours", async () => {
    const order = await newOrder();
    const day = Date.UTC(2026, 11, 2);
    const at = (hours: number, ms = 0) => new Date(day + hours * 3_600_000 + ms);
    for (const now of [at(0), at(11, 3_599_999), at(12), at(23, 3_599_999), at(24)]) await startCardPayment(order.id, URLS, now);
    const keys = stub.requests.map((request) => request.headers["idempotency-key"]);
    expect(keys[1]).toBe(keys[0]); // 00:00 and 11:59:59.999
    expect(keys[2]).not.toBe(keys[1]); // 12:00: the next window
    expect(keys[3]).toBe(keys[2]);
    expect(keys[4]).not.toBe(keys[3]);
    const expiries = stub.requests.map((request) => Number(request.body.expires_at));
    // Expires a minute before the end of the following window: 24 h after the window's start.
    expect(expiries).toEqual([at(24, -60_000), at(24, -60_000), at(36, -60_000), at(36, -60_000), at(48, -60_000)].map((date) => date.getTime() / 1000));
    for (const [i, now] of [at(0), at(11, 3_599_999), at(12), at(23, 3_599_999), at(24)].entries()) {
      const left = expiries[i] - now.getTime() / 1000;
      expect(left).toBeGreaterThan(12 * 3600 - 61);
      expect(left).toBeLessThanOrEqual(24 * 3600);
    }
  });

  it("uses another idempotency key for another order and for a changed total", async () => {
    const order = await newOrder();
    const other = await newOrder();
    await startCardPayment(order.id, URLS);
    await startCardPayment(other.id, URLS);
    await getDb().update(orders).set({ totalCents: 3_000 }).where(eq(orders.id, order.id));
    await startCardPayment(order.id, URLS);
    const keys = stub.requests.map((request) => request.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(3);
    expect(stub.requests[2].body["line_items[0][price_data][unit_amount]"]).toBe("3000");
  });

  it("refuses with 422 when STRIPE_SECRET_KEY is not set, without calling Stripe", async () => {
    const order = await newOrder();
    setEnv({ STRIPE_SECRET_KEY: undefined });
    const error = await refusalOf(startCardPayment(order.id, URLS));
    expect(error.code).toBe("validation_failed");
    expect(error.fields.paymentMethodId.key).toBe("cardPaymentsNotConfigured");
    expect(stub.requests).toHaveLength(0);
  });

  it("refuses with 409 an order that is already paid, without calling Stripe", async () => {
    const order = await newOrder({ paymentState: "paid" });
    const error = await refusalOf(startCardPayment(order.id, URLS));
    expect(error.code).toBe("conflict");
    expect(error.fields.payment.key).toBe("alreadyPaid");
    expect(stub.requests).toHaveLength(0);
  });

  it("refuses a cancelled order (409) and an order paid by another method (422)", async () => {
    const cancelled = await newOrder({ state: "cancelled" });
    expect((await refusalOf(startCardPayment(cancelled.id, URLS))).code).toBe("conflict");
    const cash = await newOrder({ paymentKind: "cash" });
    const error = await refusalOf(startCardPayment(cash.id, URLS));
    expect(error.code).toBe("validation_failed");
    expect(error.fields.paymentMethodId.key).toBe("notPaidByCard");
    expect(stub.requests).toHaveLength(0);
  });

  it("refuses a total below Stripe's card minimum", async () => {
    const order = await newOrder({ totalCents: 30 });
    const error = await refusalOf(startCardPayment(order.id, URLS));
    expect(error.fields.payment.key).toBe("belowCardMinimum");
  });

  it("answers a clear refusal, not a crash, when Stripe fails, and leaves the order as it was", async () => {
    const order = await newOrder();
    stub.failNext(500);
    const error = await refusalOf(startCardPayment(order.id, URLS));
    expect(error.code).toBe("conflict");
    expect(error.fields.payment.key).toBe("cardPaymentUnavailable");
    const [row] = await getDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row.stripePaymentIntentId).toBeNull();
    expect(await getDb().select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
  });

  it("stores the PaymentIntent id when the session already has one", async () => {
    const order = await newOrder();
    stub.nextSessionFields({ payment_intent: "pi_test_known_at_creation" });
    await startCardPayment(order.id, URLS);
    const [row] = await getDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row.stripePaymentIntentId).toBe("pi_test_known_at_creation");
  });
});

describe("POST /orders/:orderId/pay", () => {
  function pay(orderId: string, options: { cookie?: string; key?: string } = {}) {
    const query = options.key ? `?key=${encodeURIComponent(options.key)}` : "";
    return callRoute(payRoute, { method: "POST", path: `/orders/${orderId}/pay${query}`, params: { orderId }, cookie: options.cookie, form: {} });
  }

  it("sends the signed-in buyer to Stripe Checkout, coming back to the order page", async () => {
    const order = await newOrder();
    const response = await pay(order.id, { cookie: buyerCookie });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.ok).toBe(true);
    expect(body.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(stub.requests[0].body.success_url).toBe(`http://localhost:3000/orders/${order.id}?payment=success`);
    expect(stub.requests[0].body.cancel_url).toBe(`http://localhost:3000/orders/${order.id}?payment=cancelled`);
  });

  it("lets a guest holding the order's link key pay, and keeps the key in the return addresses", async () => {
    const order = await newOrder({ buyer: null, email: "guest@example.test" });
    const key = orderAccessKey(order.id);
    const response = await pay(order.id, { key });
    expect(response.status).toBe(200);
    expect(stub.requests[0].body.success_url).toBe(`http://localhost:3000/orders/${order.id}?key=${key}&payment=success`);
  });

  it("answers 404 to a stranger and to a wrong key, 403 to the shop's manager, without calling Stripe", async () => {
    const order = await newOrder();
    expect((await pay(order.id, { cookie: await sessionCookie(w.people.unrelated) })).status).toBe(404);
    expect((await pay(order.id, { key: "not-the-key" })).status).toBe(404);
    expect((await pay(order.id, { cookie: await sessionCookie(w.people.distributor) })).status).toBe(403);
    expect(stub.requests).toHaveLength(0);
  });

  it("answers 409 with the reason when the order is already paid", async () => {
    const order = await newOrder({ paymentState: "paid" });
    const response = await pay(order.id, { cookie: buyerCookie });
    expect(response.status).toBe(409);
    const body = await json(response);
    expect(Object.values(body.fieldErrors)).toContain("This order is already paid.");
    expect(stub.requests).toHaveLength(0);
  });

  it("answers 422 when card payments are not configured", async () => {
    const order = await newOrder();
    setEnv({ STRIPE_SECRET_KEY: undefined });
    const response = await pay(order.id, { cookie: buyerCookie });
    expect(response.status).toBe(422);
    expect(stub.requests).toHaveLength(0);
  });

  it("shows the buyer the order's total and whether it can be paid now", async () => {
    const order = await newOrder();
    const page = await callRoute(payRoute, { path: `/orders/${order.id}/pay`, params: { orderId: order.id }, cookie: buyerCookie });
    expect(page.status).toBe(200);
    const body = await json(page);
    expect(body.order).toMatchObject({ number: String(order.number), totalCents: 2_345, paymentState: "unpaid", refusalKey: null });
    const paid = await newOrder({ paymentState: "paid" });
    const paidPage = await json(await callRoute(payRoute, { path: `/orders/${paid.id}/pay`, params: { orderId: paid.id }, cookie: buyerCookie }));
    expect(paidPage.order.refusalKey).toBe("alreadyPaid");
    const stranger = await callRoute(payRoute, { path: `/orders/${order.id}/pay`, params: { orderId: order.id } });
    expect(stranger.status).toBe(404);
  });
});
