// The hub's desk: a cycle's orders searched and filtered through the page's query string (buyer,
// pickup point or delivery, payment state), and one order as its hub sees it, with the buyer's
// phone, email and delivery address, for the coordinator and the order's own shop only.
import { eq } from "drizzle-orm";
import { insertPaidInFull } from "#tests/support/payments";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { orderFiltersFromSearch } from "#app/domain/orders/filters";
import { ordersOfCycleForActor } from "#app/domain/orders/queries.server";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import * as orderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import { getDb } from "#db/connection.server";
import { shippingMethods } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let otherCycleId: string;
let rita: TestUser;
const ids: Record<string, string> = {};
const numbers: Record<string, number> = {};

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Desk week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  otherCycleId = await seedCycle(w, { name: "Other week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  const delivery = w.methods.distributorAll[1].shipping;
  await getDb().update(shippingMethods).set({ kind: "delivery", name: "Home delivery" }).where(eq(shippingMethods.id, delivery.id));
  for (const id of [cycleId, otherCycleId]) {
    await putOutgoingExchange(w.actors.hub, id, w.distributor.id, { tags: [], shippingMethodIds: [w.methods.distributor.shipping.id, delivery.id] });
    await putOutgoingExchange(w.actors.hub, id, w.lake.id, { tags: [] });
  }
  for (const variantId of [...w.variants.a, ...w.variants.b]) await setStock(variantId, null);
  rita = await createUser({ name: "Rita River" });
  const river = {
    distributorId: w.distributor.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.distributor.shipping.id,
    paymentMethodId: w.methods.distributor.payment.id,
  };
  const place = async (key: string, body: Record<string, unknown>, token?: string) => {
    const placed = await placeOrderApi(body, token ? { token } : {});
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    ids[key] = placed.body.id;
    numbers[key] = Number(placed.body.number);
  };
  // River: Rita (signed in, pickup), Gil (guest, home delivery, with a phone), Carla (guest, cancelled),
  // Pat (guest, paid); Lake: Zoé. Another cycle: Elsewhere.
  await place("rita", { ...river, lines: [{ variantId: w.variants.a[0], quantity: 2 }] }, rita.token);
  await place("gil", {
    ...river,
    shippingMethodId: delivery.id,
    email: "gil@example.org",
    name: "Gil Guest",
    phone: "06 11 22 33 44",
    deliveryAddress: "12 quai du Rhône\n69007 Lyon",
    lines: [{ variantId: w.variants.a[1], quantity: 1 }],
  });
  await place("carla", { ...river, email: "carla@example.org", name: "Carla Cancel", lines: [{ variantId: w.variants.a[0], quantity: 1 }] });
  expect((await cancelOrderApi(ids.carla, { token: w.people.distributor.token })).status).toBe(200);
  await place("pat", { ...river, email: "pat_paid@example.org", name: "Pat Paid (100%)", lines: [{ variantId: w.variants.a[0], quantity: 1 }] });
  await insertPaidInFull(ids.pat);
  await place("zoe", {
    distributorId: w.lake.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.lake[0].shipping.id,
    paymentMethodId: w.methods.lake[0].payment.id,
    email: "zoe@example.org",
    name: "Zoé Lake",
    lines: [{ variantId: w.variants.a[0], quantity: 1 }],
  });
  await place("elsewhere", {
    ...river,
    orderCycleId: otherCycleId,
    email: "else@example.org",
    name: "Gil Elsewhere",
    lines: [{ variantId: w.variants.a[0], quantity: 1 }],
  });
});

const find = async (query: string, actor = w.actors.hub) =>
  (await ordersOfCycleForActor(actor, cycleId, orderFiltersFromSearch(new URLSearchParams(query)))).map((row) => row.id);

describe("searching and filtering a cycle's orders", () => {
  test("by a piece of the buyer's name or email, whatever the case, or by order number", async () => {
    expect(await find("q=gil")).toEqual([ids.gil]);
    expect(await find("q=CARLA@EXAMPLE")).toEqual([ids.carla]);
    expect(await find(`q=${encodeURIComponent(`#${numbers.zoe}`)}`)).toEqual([ids.zoe]);
    // A bare number is an order number too (and still looked for in emails, which may hold digits).
    expect(await find(`q=${numbers.pat}`)).toContain(ids.pat);
    expect(await find("q=example.org")).toEqual([ids.gil, ids.carla, ids.pat, ids.zoe]);
  });

  test("a % or _ in the search is a character, not a wildcard", async () => {
    expect(await find(`q=${encodeURIComponent("100%")}`)).toEqual([ids.pat]);
    expect(await find(`q=${encodeURIComponent("%")}`)).toEqual([ids.pat]);
    expect(await find("q=_")).toEqual([ids.pat]);
  });

  test("by pickup point or delivery method, and by payment state (cancelled orders apart)", async () => {
    expect(await find(`shippingMethodId=${w.methods.distributorAll[1].shipping.id}`)).toEqual([ids.gil]);
    expect(await find(`shippingMethodId=${w.methods.distributor.shipping.id}`)).toEqual([ids.rita, ids.carla, ids.pat]);
    expect(await find("payment=paid")).toEqual([ids.pat]);
    expect(await find("payment=unpaid")).toEqual([ids.rita, ids.gil, ids.zoe]);
    expect(await find("payment=cancelled")).toEqual([ids.carla]);
    expect(await find(`payment=unpaid&shippingMethodId=${w.methods.distributor.shipping.id}`)).toEqual([ids.rita]);
  });

  test("filters narrow what the caller may see, never widen it: a distributor searching for another shop's buyer finds nothing", async () => {
    expect(await find("q=zo", w.actors.distributor)).toEqual([]);
    expect(await find("q=zo", w.actors.lake)).toEqual([ids.zoe]);
    expect(await find("q=gil", w.actors.distributor)).toEqual([ids.gil]);
  });

  test("malformed filters are ignored rather than refused", () => {
    expect(orderFiltersFromSearch(new URLSearchParams("q=%20%20&payment=everything&shippingMethodId=a'b"))).toEqual({});
    expect(orderFiltersFromSearch(new URLSearchParams(`q=${"x".repeat(300)}`)).search).toHaveLength(100);
  });

  test("the orders page reads its filters from the query string (a GET form, no JavaScript needed) and offers the pickup points its orders used", async () => {
    const res = await callRoute(ordersPage, {
      cookie: w.sessions.distributor,
      params: { cycleId },
      path: `/admin/order-cycles/${cycleId}/orders?q=carla&payment=cancelled`,
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.orders.map((order: { id: string }) => order.id)).toEqual([ids.carla]);
    expect(body.filters).toEqual({ search: "carla", payment: "cancelled" });
    expect(body.shippingMethods.map((method: { name: string }) => method.name)).toEqual(["Home delivery", "Pickup"]);
    const none = await json(
      await callRoute(ordersPage, { cookie: w.sessions.distributor, params: { cycleId }, path: `/admin/order-cycles/${cycleId}/orders?q=nobody` }),
    );
    expect(none.orders).toEqual([]);
  });
});

describe("one order at the hub's desk", () => {
  const open = (cookie: string, orderId: string, cycle = cycleId) =>
    callRoute(orderPage, { cookie, params: { cycleId: cycle, orderId }, path: `/admin/order-cycles/${cycle}/orders/${orderId}` });

  test("the coordinator and the order's own shop see the buyer's name, email, phone and delivery address", async () => {
    for (const cookie of [w.sessions.hub, w.sessions.distributor]) {
      const res = await open(cookie, ids.gil);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.order).toMatchObject({
        number: String(numbers.gil),
        buyerName: "Gil Guest",
        email: "gil@example.org",
        phone: "06 11 22 33 44",
        deliveryAddress: "12 quai du Rhône\n69007 Lyon",
        hasAccount: false,
        state: "placed",
        paymentState: "unpaid",
      });
      expect(body.shipping).toMatchObject({ name: "Home delivery", kind: "delivery" });
      expect(body.shop).toBe("River Co-op");
      expect(body.lines).toEqual([expect.objectContaining({ productName: "Carrots", variantName: "3 kg", quantity: 1 })]);
    }
  });

  test("another shop of the cycle, a supplier, an unrelated hub and the buyer get 404; so does an order of another cycle", async () => {
    const ritaSession = await sessionCookie(rita);
    for (const cookie of [w.sessions.lake, w.sessions.supplierA, w.sessions.unrelated]) expect((await open(cookie, ids.gil)).status).toBe(404);
    // Rita reads her order on /orders/:id; the hub's desk is not hers.
    expect((await open(ritaSession, ids.rita)).status).toBe(404);
    expect((await open(w.sessions.hub, ids.elsewhere)).status).toBe(404);
    expect((await open(w.sessions.hub, ids.elsewhere, otherCycleId)).status).toBe(200);
    expect((await open(w.sessions.hub, "no-such-order")).status).toBe(404);
  });
});
