// Capacity caps and per-buyer limits (issue 19, docs/domain.md 12, docs/quality.md R11, decision
// 0046): a pickup point capped at 20 takes exactly 20 of 200 racing buyers; a cycle cap holds the
// same way; a cancellation frees its place; one buyer racing 100 checkouts never goes past its
// per-buyer limit; the editor's bad input changes nothing; the shop lists what is full.
import { and, eq, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as cycleRoute from "#app/routes/api.v1.order-cycles.$cycleId";
import * as incomingRoute from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as outgoingRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, incomingExchanges, incomingExchangeVariants, orderCycles, orders, pickupPointCaps } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { cancelOrderApi, changeOrderApi, placeOrderApi, setStock, shopCycles, shopProductsPage, type ShopProductJson } from "#tests/support/shop";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import { setCartLine } from "#app/domain/shop/cart.server";
import { toLocalInput } from "#app/domain/time";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
/** A second manager of the hub who reads French. */
let frenchHub: string;

beforeAll(async () => {
  w = await coopPlus();
  // Unlimited stock: only the caps and limits refuse orders here.
  for (const variantId of w.variants.a) await setStock(variantId, null);
  const marie = await createUser({ name: "Marie", locale: "fr" });
  await getDb().insert(enterpriseManagers).values({ enterpriseId: w.hub.id, userId: marie.id });
  frenchHub = await sessionCookie(marie);
}, 60_000);

/** An open cycle that River sells to everyone, with both of River's methods. */
async function openCycle(name: string) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  return cycleId;
}

const pickup = () => w.methods.distributorAll[0].shipping.id;
const otherPickup = () => w.methods.distributorAll[1].shipping.id;

const orderBody = (cycleId: string, email: string, options: { shippingMethodId?: string; quantity?: number; variantId?: string } = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: options.shippingMethodId ?? pickup(),
  paymentMethodId: w.methods.distributor.payment.id,
  email,
  lines: [{ variantId: options.variantId ?? w.variants.a[0], quantity: options.quantity ?? 1 }],
});

async function patchCycle(token: string, cycleId: string, body: Record<string, unknown>) {
  const response = await callRoute(cycleRoute, { method: "PATCH", path: `/api/v1/order-cycles/${cycleId}`, params: { cycleId }, token, body });
  return { status: response.status, body: await json(response) };
}

async function putOutgoing(token: string, cycleId: string, body: Record<string, unknown>, distributorId = w.distributor.id) {
  const response = await callRoute(outgoingRoute, {
    method: "PUT",
    path: `/api/v1/order-cycles/${cycleId}/outgoing/${distributorId}`,
    params: { cycleId, distributorId },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

async function putIncoming(token: string, cycleId: string, body: Record<string, unknown>, supplierId = w.supplierA.id) {
  const response = await callRoute(incomingRoute, {
    method: "PUT",
    path: `/api/v1/order-cycles/${cycleId}/incoming/${supplierId}`,
    params: { cycleId, supplierId },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

async function placedCount(cycleId: string, shippingMethodId?: string) {
  const [row] = await getDb()
    .select({ count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed"), shippingMethodId ? eq(orders.shippingMethodId, shippingMethodId) : undefined));
  return row.count;
}

async function pickupCounter(cycleId: string, shippingMethodId: string) {
  const [row] = await getDb().execute<{ placed_orders: number; max_orders: number }>(sql`
    select pc.placed_orders, pc.max_orders from ${pickupPointCaps} pc join outgoing_exchanges x on x.id = pc.exchange_id
    where x.order_cycle_id = ${cycleId} and x.distributor_id = ${w.distributor.id} and pc.shipping_method_id = ${shippingMethodId}`);
  return row;
}

/** Sends the bodies at once over real HTTP to POST /api/v1/orders; their statuses and bodies, in order. */
async function race(bodies: Record<string, unknown>[]) {
  const server = await serveRoute(ordersRoute, {});
  try {
    const responses = await Promise.all(
      bodies.map((body) =>
        fetch(`${server.url}/api/v1/orders`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
      ),
    );
    return Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as any })));
  } finally {
    await server.close();
  }
}

describe("a pickup point's cap", () => {
  test("R11: 200 buyers racing for a pickup point capped at 20: exactly 20 placed, 180 refused with capacity_reached", async () => {
    const cycleId = await openCycle("Pickup rush");
    const set = await putOutgoing(w.people.hub.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders: 20 }] });
    expect(set.status).toBe(200);
    expect(set.body.shippingMethodCaps).toEqual([{ shippingMethodId: pickup(), maxOrders: 20, placedOrders: 0 }]);

    const answers = await race(Array.from({ length: 200 }, (_, i) => orderBody(cycleId, `pickup-rush-${i}@example.org`)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(20);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused).toHaveLength(180);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.error.code}`))).toEqual(new Set(["409 capacity_reached"]));
    expect(refused[0].body.error.fields.shippingMethodId).toBe("This pickup point is full: choose another one.");
    expect(await placedCount(cycleId)).toBe(20);
    expect(await pickupCounter(cycleId, pickup())).toEqual({ placed_orders: 20, max_orders: 20 });

    // The shop lists it full; the other pickup point still takes orders.
    const listed = (await shopCycles(w.distributor.id)).body.items.find((item: { id: string }) => item.id === cycleId);
    expect(listed).toMatchObject({ full: false, fullShippingMethodIds: [pickup()] });
    expect((await placeOrderApi(orderBody(cycleId, "elsewhere@example.org", { shippingMethodId: otherPickup() }))).status).toBe(201);
  }, 120_000);

  test("a cancellation frees its place, and the next buyer takes it", async () => {
    const cycleId = await openCycle("Two places");
    expect((await putOutgoing(w.people.hub.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders: 2 }] })).status).toBe(200);
    const first = await placeOrderApi(orderBody(cycleId, "first@example.org"));
    expect((await placeOrderApi(orderBody(cycleId, "second@example.org"))).status).toBe(201);
    const third = await placeOrderApi(orderBody(cycleId, "third@example.org"));
    expect([third.status, third.body.error.code]).toEqual([409, "capacity_reached"]);

    expect((await cancelOrderApi(first.body.id, { token: w.people.distributor.token })).status).toBe(200);
    expect((await pickupCounter(cycleId, pickup())).placed_orders).toBe(1);
    // Cancelling twice frees nothing more.
    await cancelOrderApi(first.body.id, { token: w.people.distributor.token });
    expect((await pickupCounter(cycleId, pickup())).placed_orders).toBe(1);
    expect((await placeOrderApi(orderBody(cycleId, "third@example.org"))).status).toBe(201);
    expect((await placeOrderApi(orderBody(cycleId, "fourth@example.org"))).status).toBe(409);
    expect(await placedCount(cycleId, pickup())).toBe(2);
  });

  test("a cap below the orders already placed is allowed and counts them; the distributor sets its own, a supplier may not", async () => {
    const cycleId = await openCycle("Late cap");
    for (const i of [1, 2, 3]) expect((await placeOrderApi(orderBody(cycleId, `early-${i}@example.org`))).status).toBe(201);
    const set = await putOutgoing(w.people.distributor.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders: 2 }] });
    expect(set.status).toBe(200);
    expect(set.body.shippingMethodCaps).toEqual([{ shippingMethodId: pickup(), maxOrders: 2, placedOrders: 3 }]);
    expect(await placedCount(cycleId)).toBe(3);
    expect((await placeOrderApi(orderBody(cycleId, "late@example.org"))).status).toBe(409);

    const bySupplier = await putOutgoing(w.people.supplierA.token, cycleId, { shippingMethodCaps: [] });
    expect(bySupplier.status).toBe(403);
    expect((await pickupCounter(cycleId, pickup())).max_orders).toBe(2);
    // Cleared by the coordinator: the point takes orders again.
    expect(
      (await putOutgoing(w.people.hub.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders: null }] })).body.shippingMethodCaps,
    ).toEqual([]);
    expect((await placeOrderApi(orderBody(cycleId, "late@example.org"))).status).toBe(201);
  });

  test("a cap set while orders and cancellations race starts its counter exactly from what is placed", async () => {
    const cycleId = await openCycle("Cap mid-rush");
    const first = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => placeOrderApi(orderBody(cycleId, `before-${i}@example.org`))));
    // Orders, cancellations and the cap's setting all at once: whichever commits first, the counter matches the placed orders.
    const [answers] = await Promise.all([
      race(Array.from({ length: 40 }, (_, i) => orderBody(cycleId, `mid-rush-${i}@example.org`))),
      ...first.slice(0, 3).map((order) => cancelOrderApi(order.body.id, { token: w.people.distributor.token })),
      putOutgoing(w.people.hub.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders: 25 }] }),
    ]);
    const placed = await placedCount(cycleId, pickup());
    expect((await pickupCounter(cycleId, pickup())).placed_orders).toBe(placed);
    expect(answers.filter((answer) => answer.status === 201).length + 3).toBe(placed);
    // From here on the cap holds: exactly enough to fill it, and no more.
    const more = await race(Array.from({ length: 30 }, (_, i) => orderBody(cycleId, `after-${i}@example.org`)));
    expect(more.filter((answer) => answer.status === 201)).toHaveLength(Math.max(0, 25 - placed));
    expect(await placedCount(cycleId, pickup())).toBe(Math.max(placed, 25));
  }, 60_000);

  test.each([
    ["zero", 0],
    ["negative", -3],
    ["a fraction", 1.5],
    ["text", "ten"],
  ])("a cap of %s is refused at its field, nothing changed", async (_, maxOrders) => {
    const cycleId = await openCycle(`Bad cap ${String(maxOrders)}`);
    const answer = await putOutgoing(w.people.hub.token, cycleId, { readyFor: "Changed", shippingMethodCaps: [{ shippingMethodId: pickup(), maxOrders }] });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.error.fields)).toEqual(["shippingMethodCaps.0.maxOrders"]);
    const [exchange] = await getDb().execute<{ ready_for: string }>(
      sql`select ready_for from outgoing_exchanges where order_cycle_id = ${cycleId} and distributor_id = ${w.distributor.id}`,
    );
    expect(exchange.ready_for).toBe("Friday river");
    expect(await pickupCounter(cycleId, pickup())).toBeUndefined();
  });

  test("a cap on a method the exchange does not offer is refused at the field", async () => {
    const cycleId = await openCycle("Unknown method");
    const answer = await putOutgoing(w.people.hub.token, cycleId, { shippingMethodCaps: [{ shippingMethodId: w.methods.lake[0].shipping.id, maxOrders: 5 }] });
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields.shippingMethodCaps).toBe("Some of these are not part of this cycle or do not belong here.");
  });
});

describe("a cycle's cap", () => {
  test("R11: 30 buyers racing for a cycle capped at 8, across two pickup points: exactly 8 placed", async () => {
    const cycleId = await openCycle("Cycle rush");
    const set = await patchCycle(w.people.hub.token, cycleId, { maxOrders: 8 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ maxOrders: 8, placedOrders: 0 });
    const answers = await race(
      Array.from({ length: 30 }, (_, i) => orderBody(cycleId, `cycle-rush-${i}@example.org`, { shippingMethodId: i % 2 ? pickup() : otherPickup() })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(8);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.error.code}`))).toEqual(new Set(["409 capacity_reached"]));
    expect(await placedCount(cycleId)).toBe(8);
    const listed = (await shopCycles(w.distributor.id)).body.items.find((item: { id: string }) => item.id === cycleId);
    expect(listed.full).toBe(true);
  }, 60_000);

  test("only the coordinator sets it; 0 or a fraction is refused at the field and nothing changes", async () => {
    const cycleId = await openCycle("Cycle cap rules");
    expect((await patchCycle(w.people.distributor.token, cycleId, { maxOrders: 5 })).status).toBe(403);
    for (const maxOrders of [0, -1, 2.5, "many"]) {
      const answer = await patchCycle(w.people.hub.token, cycleId, { name: "Renamed", maxOrders });
      expect(answer.status).toBe(422);
      expect(Object.keys(answer.body.error.fields)).toEqual(["maxOrders"]);
    }
    const [row] = await getDb().select({ name: orderCycles.name, maxOrders: orderCycles.maxOrders }).from(orderCycles).where(eq(orderCycles.id, cycleId));
    expect(row).toEqual({ name: "Cycle cap rules", maxOrders: null });
    // Set after two orders, the count starts from them; a cancellation frees one place.
    const first = await placeOrderApi(orderBody(cycleId, "c1@example.org"));
    await placeOrderApi(orderBody(cycleId, "c2@example.org"));
    expect((await patchCycle(w.people.hub.token, cycleId, { maxOrders: 2 })).body).toMatchObject({ maxOrders: 2, placedOrders: 2 });
    const refused = await placeOrderApi(orderBody(cycleId, "c3@example.org"));
    expect([refused.status, refused.body.error.code, Object.keys(refused.body.error.fields)]).toEqual([409, "capacity_reached", ["orderCycleId"]]);
    await cancelOrderApi(first.body.id, { token: w.people.hub.token });
    expect((await placeOrderApi(orderBody(cycleId, "c3@example.org"))).status).toBe(201);
  });
});

describe("per-buyer limits", () => {
  test("R11: 100 checkouts racing for one buyer email (any case) past a limit of 3: never above", async () => {
    const cycleId = await openCycle("One per family");
    const set = await putIncoming(w.people.hub.token, cycleId, { limits: [{ variantId: w.variants.a[0], maxPerBuyer: 3 }] });
    expect(set.status).toBe(200);
    expect(set.body.limits).toEqual([{ variantId: w.variants.a[0], maxPerBuyer: 3 }]);
    const answers = await race(
      Array.from({ length: 100 }, (_, i) =>
        orderBody(cycleId, i % 2 ? "Greedy@Example.org" : "greedy@example.ORG", { shippingMethodId: i % 3 ? pickup() : otherPickup() }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.error.code}`))).toEqual(new Set(["422 limit_exceeded"]));
    expect(refused[0].body.error.fields[`lines.${w.variants.a[0]}`]).toBe("At most 3 per buyer: your orders in this sale already hold them all.");
    const [units] = await getDb().execute<{ units: number }>(sql`
      select coalesce(sum(l.quantity), 0)::int as units from order_lines l join orders o on o.id = l.order_id
      where o.order_cycle_id = ${cycleId} and o.state = 'placed' and lower(o.email) = 'greedy@example.org'`);
    expect(units.units).toBe(3);
    // Another buyer is not held back by it.
    expect((await placeOrderApi(orderBody(cycleId, "neighbour@example.org", { quantity: 3 }))).status).toBe(201);
  }, 60_000);

  test("a signed-in buyer is limited across orders and when raising a line; the hub's adjustment is not", async () => {
    const cycleId = await openCycle("Limited and signed in");
    await putIncoming(w.people.hub.token, cycleId, { limits: [{ variantId: w.variants.a[0], maxPerBuyer: 4 }] });
    const buyer = await createUser({ name: "Limited buyer" });
    const first = await placeOrderApi(orderBody(cycleId, buyer.email, { quantity: 3 }), { token: buyer.token });
    expect(first.status).toBe(201);
    const over = await placeOrderApi(orderBody(cycleId, buyer.email, { quantity: 2 }), { token: buyer.token });
    expect([over.status, over.body.error.code]).toEqual([422, "limit_exceeded"]);
    expect(over.body.error.fields[`lines.${w.variants.a[0]}`]).toBe("At most 4 per buyer: you may add 1 more.");
    // A guest order with the account's email counts towards the same limit.
    const asGuest = await placeOrderApi({ ...orderBody(cycleId, buyer.email.toUpperCase(), { quantity: 2 }), asGuest: true });
    expect([asGuest.status, asGuest.body.error?.code]).toEqual([422, "limit_exceeded"]);

    const raised = await changeOrderApi(first.body.id, [{ variantId: w.variants.a[0], quantity: 5 }], { token: buyer.token });
    expect([raised.status, raised.body.error.code]).toEqual([422, "limit_exceeded"]);
    expect((await changeOrderApi(first.body.id, [{ variantId: w.variants.a[0], quantity: 4 }], { token: buyer.token })).status).toBe(200);
    const byHub = await changeOrderApi(first.body.id, [{ variantId: w.variants.a[0], quantity: 6 }], { token: w.people.hub.token });
    expect(byHub.status).toBe(200);
    // Above the limit by the hub's hand, the buyer may still lower it, not raise it.
    expect((await changeOrderApi(first.body.id, [{ variantId: w.variants.a[0], quantity: 5 }], { token: buyer.token })).status).toBe(200);
  });

  test("only the coordinator sets limits; a bad limit or an unknown variant is refused at the field, nothing changed", async () => {
    const cycleId = await openCycle("Limit rules");
    const bySupplier = await putIncoming(w.people.supplierA.token, cycleId, {
      receivalInstructions: "Changed",
      limits: [{ variantId: w.variants.a[0], maxPerBuyer: 2 }],
    });
    expect(bySupplier.status).toBe(403);
    // The supplier's own edits without limits still go through, and keep the coordinator's limits.
    await putIncoming(w.people.hub.token, cycleId, { limits: [{ variantId: w.variants.a[1], maxPerBuyer: 5 }] });
    expect((await putIncoming(w.people.supplierA.token, cycleId, { receivalInstructions: "By 9am" })).body.limits).toEqual([
      { variantId: w.variants.a[1], maxPerBuyer: 5 },
    ]);
    for (const maxPerBuyer of [0, -2, 0.5, "two"]) {
      const answer = await putIncoming(w.people.hub.token, cycleId, { receivalInstructions: "Bad", limits: [{ variantId: w.variants.a[0], maxPerBuyer }] });
      expect(answer.status).toBe(422);
      expect(Object.keys(answer.body.error.fields)).toEqual(["limits.0.maxPerBuyer"]);
    }
    const unknown = await putIncoming(w.people.hub.token, cycleId, { limits: [{ variantId: w.variants.b[0], maxPerBuyer: 2 }] });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.error.fields)).toEqual(["limits"]);
    const rows = await getDb()
      .select({
        variantId: incomingExchangeVariants.variantId,
        max: incomingExchangeVariants.maxPerBuyer,
        instructions: incomingExchanges.receivalInstructions,
      })
      .from(incomingExchangeVariants)
      .innerJoin(incomingExchanges, eq(incomingExchanges.id, incomingExchangeVariants.exchangeId))
      .where(and(eq(incomingExchanges.orderCycleId, cycleId), eq(incomingExchanges.supplierId, w.supplierA.id)));
    expect(rows.filter((row) => row.max !== null).map((row) => [row.variantId, row.max])).toEqual([[w.variants.a[1], 5]]);
    expect(new Set(rows.map((row) => row.instructions))).toEqual(new Set(["By 9am"]));
  });
});

describe("the editor's forms and the cart", () => {
  test("General step: the cap is saved from its field, and 0 or text is refused there in the user's language, nothing changed", async () => {
    const cycleId = await openCycle("Form cap");
    const [cycle] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
    const form = (maxOrders: string) => ({
      intent: "settings",
      name: "Form cap renamed",
      opensAt: toLocalInput(cycle.opensAt!, "Europe/Paris"),
      closesAt: toLocalInput(cycle.closesAt!, "Europe/Paris"),
      coordinatorFeeIds: [w.fees.hub.id],
      maxOrders,
    });
    for (const [text, cookie, phrase] of [
      ["0", w.sessions.hub, "whole number from 1"],
      ["douze", w.sessions.hub, "whole number from 1"],
      ["1.5", frenchHub, "nombre entier à partir de 1"],
    ] as const) {
      const refused = await callRoute(generalPage, { cookie, params: { cycleId }, form: form(text) });
      expect(refused.status).toBe(422);
      expect((await json(refused)).fieldErrors.maxOrders).toContain(phrase);
    }
    const [unchanged] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
    expect([unchanged.name, unchanged.maxOrders]).toEqual(["Form cap", null]);
    expect((await callRoute(generalPage, { cookie: w.sessions.hub, params: { cycleId }, form: form(" 40 ") })).status).toBe(200);
    expect((await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId)))[0].maxOrders).toBe(40);
    expect((await callRoute(generalPage, { cookie: w.sessions.hub, params: { cycleId }, form: form("") })).status).toBe(200);
    expect((await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId)))[0].maxOrders).toBeNull();
  });

  test("Outgoing step: a pickup point's cap from its field; a bad one refused at that field", async () => {
    const cycleId = await openCycle("Form pickup cap");
    const form = (caps: Record<string, string>) => ({
      intent: "save",
      distributorId: w.distributor.id,
      variantIds: w.variants.a.slice(0, 2),
      readyFor: "Friday river",
      readyOn: "",
      pickupInstructions: "Back door",
      tags: "",
      capsShown: "1",
      ...Object.fromEntries(Object.entries(caps).map(([id, text]) => [`pickupCap:${id}`, text])),
    });
    const refused = await callRoute(outgoingPage, { cookie: w.sessions.distributor, params: { cycleId }, form: form({ [pickup()]: "-4" }) });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).fieldErrors)).toEqual([`pickupCap:${pickup()}`]);
    expect(await pickupCounter(cycleId, pickup())).toBeUndefined();
    const saved = await callRoute(outgoingPage, { cookie: w.sessions.distributor, params: { cycleId }, form: form({ [pickup()]: "12", [otherPickup()]: "" }) });
    expect(saved.status).toBe(200);
    expect(await pickupCounter(cycleId, pickup())).toEqual({ placed_orders: 0, max_orders: 12 });
    expect(await pickupCounter(cycleId, otherPickup())).toBeUndefined();
  });

  test("Incoming step: a variant's limit from its field, the coordinator's only; the cart refuses going past it", async () => {
    const cycleId = await openCycle("Form limit");
    const form = (limits: Record<string, string>) => ({
      intent: "save",
      supplierId: w.supplierA.id,
      variantIds: w.variants.a,
      limitsShown: "1",
      ...Object.fromEntries(Object.entries(limits).map(([id, text]) => [`limit:${id}`, text])),
    });
    const refused = await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: form({ [w.variants.a[0]]: "0" }) });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).fieldErrors)).toEqual([`limit:${w.variants.a[0]}`]);
    const bySupplier = await callRoute(incomingPage, { cookie: w.sessions.supplierA, params: { cycleId }, form: form({ [w.variants.a[0]]: "2" }) });
    expect(bySupplier.status).toBe(403);
    expect((await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: form({ [w.variants.a[0]]: "2" }) })).status).toBe(200);

    // The shop shows it, and the cart stops at it, counting the buyer's placed orders.
    const buyer = await createUser({ name: "Cart limited" });
    const listed = (await shopProductsPage(w.distributor.id, cycleId)).body.items.find((item: ShopProductJson) => item.variantId === w.variants.a[0]);
    expect(listed.maxPerBuyer).toBe(2);
    expect((await placeOrderApi(orderBody(cycleId, buyer.email, { quantity: 1 }), { token: buyer.token })).status).toBe(201);
    const owner = { userId: buyer.id };
    const who = { userId: buyer.id, email: buyer.email };
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 1 });
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 2 })).rejects.toMatchObject({
      code: "limit_exceeded",
      fields: { quantity: { key: "perBuyerLimit", values: { max: 2, count: 1 } } },
    });
  });
});
