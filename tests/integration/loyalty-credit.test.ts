// Loyalty credit (issue 20, docs/domain.md 13, decision 0052) through the API: points earned once
// per order when collected or paid, credit spent at checkout as a `credit` payment, given back when
// the order is cancelled, refused at its field (above the balance or the total, for a guest), manual
// adjustments that never go below zero, automatic tags, and races over real HTTP that never let a
// balance go negative.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { creditEntries, customerCredits, customers, orders, payments, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as collectRoute from "#app/routes/api.v1.orders.$orderId.collect";
import * as paymentsRoute from "#app/routes/api.v1.orders.$orderId.payments";
import * as creditRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email.credit";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as shopPreferencesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shop-preferences";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";
import { cancelOrderApi, getOrderApi, placeOrderApi } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { name: "Loyalty week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  const set = await preferences({ loyalty: { pointsPerEuro: 2, centsPerPoint: 5 }, autoTags: [{ tag: "VIP", afterCollectedOrders: 2 }] });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
}, 60_000);

async function preferences(body: Record<string, unknown>, token = w.people.distributor.token) {
  const enterpriseId = w.distributor.id;
  const response = await callRoute(shopPreferencesRoute, {
    method: "PATCH",
    path: `/api/v1/enterprises/${enterpriseId}/shop-preferences`,
    params: { enterpriseId },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

const orderBody = (extra: Record<string, unknown> = {}, quantity = 2) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines: [{ variantId: w.variants.a[0], quantity }],
  ...extra,
});

async function place(buyer: TestUser, extra: Record<string, unknown> = {}, quantity = 2) {
  return placeOrderApi(orderBody(extra, quantity), { token: buyer.token });
}

async function collect(orderId: string, method: "POST" | "DELETE" = "POST") {
  const response = await callRoute(collectRoute, { method, path: `/api/v1/orders/${orderId}/collect`, params: { orderId }, token: w.people.distributor.token });
  expect(response.status).toBe(200);
}

async function pay(orderId: string, amountCents: number) {
  const response = await callRoute(paymentsRoute, {
    method: "POST",
    path: `/api/v1/orders/${orderId}/payments`,
    params: { orderId },
    token: w.people.distributor.token,
    body: { amountCents, method: "cash" },
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function credit(email: string, token = w.people.distributor.token, enterpriseId = w.distributor.id) {
  const response = await callRoute(creditRoute, {
    path: `/api/v1/enterprises/${enterpriseId}/customers/${email}/credit`,
    params: { enterpriseId, email },
    token,
  });
  return { status: response.status, body: await json(response) };
}

async function adjust(email: string, body: Record<string, unknown>, token = w.people.distributor.token, enterpriseId = w.distributor.id) {
  const response = await callRoute(creditRoute, {
    method: "POST",
    path: `/api/v1/enterprises/${enterpriseId}/customers/${email}/credit`,
    params: { enterpriseId, email },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

async function balance(email: string) {
  const [row] = await getDb()
    .select()
    .from(customerCredits)
    .where(and(eq(customerCredits.distributorId, w.distributor.id), eq(customerCredits.emailKey, email.toLowerCase())));
  return row?.balanceCents ?? 0;
}

async function entriesOf(email: string) {
  return getDb()
    .select()
    .from(creditEntries)
    .where(and(eq(creditEntries.distributorId, w.distributor.id), eq(creditEntries.emailKey, email.toLowerCase())));
}

/** A buyer known to the shop with this much credit, given by hand. */
async function buyerWithCredit(amountCents: number) {
  const buyer = await createUser();
  await getDb().insert(customers).values({ distributorId: w.distributor.id, email: buyer.email });
  if (amountCents > 0) expect((await adjust(buyer.email, { amountCents, note: "Welcome" })).status).toBe(201);
  return buyer;
}

describe("the loyalty setting", () => {
  it("is saved with the shop preferences and answered back, automatic tags lowercased", async () => {
    const again = await preferences({ loyalty: { pointsPerEuro: 2, centsPerPoint: 5 } });
    expect(again.status).toBe(200);
    expect(again.body.loyalty).toEqual({ pointsPerEuro: 2, centsPerPoint: 5 });
    expect(again.body.autoTags).toEqual([{ tag: "vip", afterCollectedOrders: 2 }]);
  });

  it("refuses unknown or broken input with field errors (422), and keeps the setting", async () => {
    const bad = await preferences({ loyalty: { pointsPerEuro: 0.5, centsPerPoint: 5 }, autoTags: [{ tag: "", afterCollectedOrders: 0 }] });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["loyalty.pointsPerEuro", "autoTags.0.tag", "autoTags.0.afterCollectedOrders"]));
    expect((await preferences({})).body.loyalty).toEqual({ pointsPerEuro: 2, centsPerPoint: 5 });
  });

  it("is its own managers' only: another hub's manager gets 403 and nothing changes", async () => {
    expect((await preferences({ loyalty: null }, w.people.lake.token)).status).toBe(403);
    expect((await preferences({})).body.loyalty).toEqual({ pointsPerEuro: 2, centsPerPoint: 5 });
  });
});

describe("earning", () => {
  it("an order earns its points once when collected, and not again when it is also paid, or collected again", async () => {
    const buyer = await buyerWithCredit(0);
    const placed = await place(buyer);
    expect(placed.status).toBe(201);
    const total: number = placed.body.totalCents;
    await collect(placed.body.id);
    const points = Math.floor((total * 2) / 100);
    expect(await balance(buyer.email)).toBe(points * 5);
    await pay(placed.body.id, total);
    await collect(placed.body.id, "DELETE");
    await collect(placed.body.id);
    expect(await balance(buyer.email)).toBe(points * 5);
    const earned = (await entriesOf(buyer.email)).filter((entry) => entry.kind === "earned");
    expect(earned).toHaveLength(1);
    expect(earned[0]).toMatchObject({ points, amountCents: points * 5, orderId: placed.body.id });
  });

  it("an order paid in full earns when paid, and not again when collected", async () => {
    const buyer = await buyerWithCredit(0);
    const placed = await place(buyer);
    await pay(placed.body.id, 100);
    expect(await balance(buyer.email)).toBe(0);
    await pay(placed.body.id, placed.body.totalCents - 100);
    const expected = Math.floor((placed.body.totalCents * 2) / 100) * 5;
    expect(await balance(buyer.email)).toBe(expected);
    await collect(placed.body.id);
    expect(await balance(buyer.email)).toBe(expected);
  });

  it("nothing is earned while the shop has loyalty off", async () => {
    await preferences({ loyalty: null });
    try {
      const buyer = await buyerWithCredit(0);
      const placed = await place(buyer);
      await collect(placed.body.id);
      expect(await balance(buyer.email)).toBe(0);
    } finally {
      await preferences({ loyalty: { pointsPerEuro: 2, centsPerPoint: 5 } });
    }
  });
});

describe("spending at checkout", () => {
  it("credit pays part of an order as a `credit` payment; the rest is owed; what credit paid earns nothing", async () => {
    const buyer = await buyerWithCredit(300);
    const placed = await place(buyer, { useCreditCents: 200 });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const order = await getOrderApi(placed.body.id, { token: buyer.token });
    expect(order.body).toMatchObject({ paidCents: 200, balanceCents: placed.body.totalCents - 200, paymentState: "partially_paid" });
    const [record] = await getDb().select().from(payments).where(eq(payments.orderId, placed.body.id));
    expect(record).toMatchObject({ method: "credit", kind: "payment", state: "completed", amountCents: 200 });
    expect(await balance(buyer.email)).toBe(100);
    await pay(placed.body.id, placed.body.totalCents - 200);
    // Points on what was paid other than credit.
    expect(await balance(buyer.email)).toBe(100 + Math.floor(((placed.body.totalCents - 200) * 2) / 100) * 5);
  });

  it("an order fully covered by credit is paid, with no other payment", async () => {
    const buyer = await buyerWithCredit(5000);
    const placed = await place(buyer, { useCreditCents: 0 });
    const total: number = placed.body.totalCents;
    await cancelOrderApi(placed.body.id, { token: buyer.token });
    const covered = await place(buyer, { useCreditCents: total });
    expect(covered.status).toBe(201);
    expect((await getOrderApi(covered.body.id, { token: buyer.token })).body).toMatchObject({ paidCents: total, balanceCents: 0, paymentState: "paid" });
    expect(await balance(buyer.email)).toBe(5000 - total);
  });

  it("refuses credit above the balance, above the total, and for a guest, at the field, writing nothing", async () => {
    const buyer = await buyerWithCredit(100);
    const before = await getDb().select({ id: orders.id }).from(orders);
    const above = await place(buyer, { useCreditCents: 150 });
    expect(above.status).toBe(422);
    expect(above.body.error.fields.useCreditCents).toMatch(/1\.00/);
    const rich = await buyerWithCredit(100_000);
    const beyondTotal = await place(rich, { useCreditCents: 99_999 });
    expect(beyondTotal.status).toBe(422);
    expect(Object.keys(beyondTotal.body.error.fields)).toEqual(["useCreditCents"]);
    const guest = await placeOrderApi(orderBody({ email: "guest.credit@example.org", useCreditCents: 100 }));
    expect(guest.status).toBe(422);
    expect(Object.keys(guest.body.error.fields)).toEqual(["useCreditCents"]);
    const french = await placeOrderApi(orderBody({ useCreditCents: 150 }), { token: buyer.token, headers: { "Accept-Language": "fr" } });
    expect(french.body.error.fields.useCreditCents).toContain("Votre avoir");
    expect(await getDb().select({ id: orders.id }).from(orders)).toHaveLength(before.length);
    expect(await balance(buyer.email)).toBe(100);
    expect(await balance(rich.email)).toBe(100_000);
  });

  it("cancelling an order paid with credit gives the credit back, once", async () => {
    const buyer = await buyerWithCredit(400);
    const placed = await place(buyer, { useCreditCents: 250 });
    expect(await balance(buyer.email)).toBe(150);
    expect((await cancelOrderApi(placed.body.id, { token: buyer.token })).status).toBeLessThan(300);
    await cancelOrderApi(placed.body.id, { token: buyer.token });
    expect(await balance(buyer.email)).toBe(400);
    const kinds = (await entriesOf(buyer.email)).map((entry) => `${entry.kind} ${entry.amountCents}`).sort();
    expect(kinds).toEqual(["adjustment 400", "refund 250", "spent -250"]);
    const refund = await getDb()
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, placed.body.id), eq(payments.kind, "refund")));
    expect(refund).toMatchObject([{ method: "credit", amountCents: 250 }]);
  });
});

describe("the manager's view and adjustments", () => {
  it("a manager gives and takes back credit with a note; never below zero; the ledger lists it newest first", async () => {
    const buyer = await buyerWithCredit(500);
    const take = await adjust(buyer.email.toUpperCase(), { amountCents: -200, note: "Broken eggs refunded twice" });
    expect(take.status).toBe(201);
    expect(take.body).toMatchObject({ kind: "adjustment", amountCents: -200, note: "Broken eggs refunded twice", balanceCents: 300 });
    const tooMuch = await adjust(buyer.email, { amountCents: -301, note: "Too much" });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.fields.amountCents).toMatch(/3\.00/);
    expect((await adjust(buyer.email, { amountCents: 100 })).status).toBe(422);
    expect((await adjust(buyer.email, { amountCents: 0, note: "x" })).status).toBe(422);
    const listed = await credit(buyer.email);
    expect(listed.status).toBe(200);
    expect(listed.body.balanceCents).toBe(300);
    expect(listed.body.items.map((item: { amountCents: number }) => item.amountCents)).toEqual([-200, 500]);
  });

  it("GET customer answers credit, points and orders placed", async () => {
    const buyer = await buyerWithCredit(0);
    const placed = await place(buyer);
    await collect(placed.body.id);
    const enterpriseId = w.distributor.id;
    const response = await callRoute(customerRoute, {
      path: `/api/v1/enterprises/${enterpriseId}/customers/${buyer.email}`,
      params: { enterpriseId, email: buyer.email },
      token: w.people.distributor.token,
    });
    const points = Math.floor((placed.body.totalCents * 2) / 100);
    expect(await json(response)).toMatchObject({ email: buyer.email, creditCents: points * 5, points, orderCount: 1 });
  });

  it("another shop's manager is not told the credit exists (404); an unknown customer is 404", async () => {
    const buyer = await buyerWithCredit(100);
    expect((await credit(buyer.email, w.people.lake.token)).status).toBe(404);
    expect((await adjust(buyer.email, { amountCents: 100, note: "x" }, w.people.lake.token)).status).toBe(404);
    expect((await credit("nobody.here@example.org")).status).toBe(404);
    expect(await balance(buyer.email)).toBe(100);
  });
});

describe("automatic tags", () => {
  it("a customer gets the tag when their collected orders reach the threshold, once", async () => {
    const buyer = await buyerWithCredit(0);
    const tagsOf = async () =>
      (
        await getDb()
          .select({ tags: customers.tags })
          .from(customers)
          .where(and(eq(customers.distributorId, w.distributor.id), eq(customers.email, buyer.email)))
      )[0].tags;
    const first = await place(buyer);
    await collect(first.body.id);
    expect(await tagsOf()).toEqual([]);
    const second = await place(buyer);
    await collect(second.body.id);
    expect(await tagsOf()).toEqual(["vip"]);
    const third = await place(buyer);
    await collect(third.body.id);
    await collect(second.body.id, "DELETE");
    await collect(second.body.id);
    expect(await tagsOf()).toEqual(["vip"]);
  });
});

describe("races over real HTTP", () => {
  it("12 checkouts spending the same balance at once: exactly the affordable three succeed, the balance never negative", async () => {
    const buyer = await buyerWithCredit(1000);
    const server = await serveRoute(ordersRoute, {});
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(`${server.url}/api/v1/orders`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${buyer.token}` },
            body: JSON.stringify(orderBody({ useCreditCents: 300 })),
          }).then(async (response) => ({ status: response.status, body: (await response.json()) as any })),
        ),
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
      const refused = answers.filter((answer) => answer.status !== 201);
      expect(new Set(refused.map((answer) => `${answer.status} ${Object.keys(answer.body.error.fields).join()}`))).toEqual(new Set(["422 useCreditCents"]));
    } finally {
      await server.close();
    }
    expect(await balance(buyer.email)).toBe(100);
    const placed = await getDb()
      .select()
      .from(orders)
      .where(and(eq(orders.email, buyer.email), eq(orders.state, "placed")));
    expect(placed).toHaveLength(3);
    expect((await entriesOf(buyer.email)).filter((entry) => entry.kind === "spent")).toHaveLength(3);
  });

  it("10 managers' takes of the same balance at once never go below zero", async () => {
    const buyer = await buyerWithCredit(1000);
    const enterpriseId = w.distributor.id;
    const server = await serveRoute(creditRoute, { enterpriseId, email: buyer.email });
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${server.url}/api/v1/enterprises/${enterpriseId}/customers/${buyer.email}/credit`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${w.people.distributor.token}` },
            body: JSON.stringify({ amountCents: -300, note: "Taken back" }),
          }).then((response) => response.status),
        ),
      );
      expect(answers.filter((status) => status === 201)).toHaveLength(3);
      expect(answers.filter((status) => status === 422)).toHaveLength(7);
    } finally {
      await server.close();
    }
    expect(await balance(buyer.email)).toBe(100);
  });
});
