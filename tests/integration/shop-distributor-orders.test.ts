// Who sees a cycle's orders (docs/domain.md section 3, "orders of the cycle"): a distributor sees the
// orders placed in its own shop with buyer names, the coordinator all of them, and nobody else any;
// one order is readable by its buyer, its distributor and the coordinator only (others 404).
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { ordersOfCycleForActor } from "#app/domain/orders/queries.server";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { cancelOrderApi, getOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let otherCycleId: string;
let rita: TestUser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Orders week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  otherCycleId = await seedCycle(w, { name: "Other week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  for (const id of [cycleId, otherCycleId]) {
    await putOutgoingExchange(w.actors.hub, id, w.distributor.id, { tags: [] });
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
  const lake = {
    distributorId: w.lake.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.lake[0].shipping.id,
    paymentMethodId: w.methods.lake[0].payment.id,
  };
  const place = async (key: string, body: Record<string, unknown>, token?: string) => {
    const placed = await placeOrderApi(body, token ? { token } : {});
    expect(placed.status).toBe(201);
    ids[key] = placed.body.id;
  };
  // River: Rita (signed in, 2 x 280), Gil (guest, 1 x 730), Carla (guest, cancelled); Lake: Zoé (guest, 1 x 280 + 2 x 190).
  await place("rita", { ...river, lines: [{ variantId: w.variants.a[0], quantity: 2 }] }, rita.token);
  await place("gil", { ...river, email: "gil@example.org", name: "Gil Guest", lines: [{ variantId: w.variants.a[1], quantity: 1 }] });
  await place("carla", { ...river, email: "carla@example.org", name: "Carla Cancel", lines: [{ variantId: w.variants.a[0], quantity: 1 }] });
  expect((await cancelOrderApi(ids.carla, { token: w.people.distributor.token })).status).toBe(200);
  await place("zoe", {
    ...lake,
    email: "zoe@example.org",
    name: "Zoé Lake",
    lines: [
      { variantId: w.variants.a[0], quantity: 1 },
      { variantId: w.variants.b[0], quantity: 2 },
    ],
  });
  // An order of River in another cycle: never part of this cycle's list.
  await place("elsewhere", {
    ...river,
    orderCycleId: otherCycleId,
    email: "else@example.org",
    name: "Elsewhere",
    lines: [{ variantId: w.variants.a[0], quantity: 1 }],
  });
});

const summary = (rows: Awaited<ReturnType<typeof ordersOfCycleForActor>>) =>
  rows.map((row) => ({
    id: row.id,
    distributorId: row.distributorId,
    buyerName: row.buyerName,
    email: row.email,
    state: row.state,
    totalCents: row.totalCents,
  }));

describe("a cycle's order list", () => {
  test("a distributor sees only the orders placed in its own shop, with buyer names, in order", async () => {
    const rows = await ordersOfCycleForActor(w.actors.distributor, cycleId);
    expect(summary(rows)).toEqual([
      { id: ids.rita, distributorId: w.distributor.id, buyerName: "Rita River", email: rita.email, state: "placed", totalCents: 560 },
      { id: ids.gil, distributorId: w.distributor.id, buyerName: "Gil Guest", email: "gil@example.org", state: "placed", totalCents: 730 },
      { id: ids.carla, distributorId: w.distributor.id, buyerName: "Carla Cancel", email: "carla@example.org", state: "cancelled", totalCents: 280 },
    ]);
    expect(rows.map((row) => row.shippingMethodName)).toEqual(["Pickup", "Pickup", "Pickup"]);
  });

  test("the other distributor sees only its own", async () => {
    const rows = await ordersOfCycleForActor(w.actors.lake, cycleId);
    // Lake: carrots 1 kg 250 + hub 10 + Farm A 10 + Lake 10 = 280; milk 180 + hub 10 + Farm B 10 + Lake 10 = 210, twice.
    expect(summary(rows)).toEqual([
      { id: ids.zoe, distributorId: w.lake.id, buyerName: "Zoé Lake", email: "zoe@example.org", state: "placed", totalCents: 700 },
    ]);
  });

  test("the coordinator sees every shop's orders", async () => {
    const rows = await ordersOfCycleForActor(w.actors.hub, cycleId);
    expect(rows.map((row) => row.id)).toEqual([ids.rita, ids.gil, ids.carla, ids.zoe]);
  });

  test("suppliers, unrelated enterprises and plain users are told the list does not exist (not_found), page and domain alike", async () => {
    // domain.md 3: a supplier sees line items of its own products (the reports), never the orders
    // themselves; anything a role may not see answers 404 — not an empty list, not 403.
    const plain = { userId: rita.id, enterpriseIds: [] };
    const others = [
      [w.actors.supplierA, w.people.supplierA],
      [w.actors.supplierB, w.people.supplierB],
      [w.actors.unrelated, w.people.unrelated],
      [w.actors.hill, w.people.hill],
      [plain, rita],
    ] as const;
    for (const [actor, user] of others) {
      await expect(ordersOfCycleForActor(actor, cycleId)).rejects.toMatchObject({ code: "not_found" });
      const page = await callRoute(ordersPage, { path: `/admin/order-cycles/${cycleId}/orders`, params: { cycleId }, cookie: await sessionCookie(user) });
      expect(page.status).toBe(404);
    }
    // The page itself answers the distributor with its own shop's orders only.
    const own = await callRoute(ordersPage, { path: `/admin/order-cycles/${cycleId}/orders`, params: { cycleId }, cookie: w.sessions.distributor });
    expect(own.status).toBe(200);
    expect(((await json(own)).orders as { id: string }[]).map((row) => row.id)).toEqual([ids.rita, ids.gil, ids.carla]);
  });
});

describe("one order", () => {
  test("its buyer, its distributor and the coordinator read it; it has its lines and totals", async () => {
    for (const token of [rita.token, w.people.distributor.token, w.people.hub.token]) {
      const { status, body } = await getOrderApi(ids.rita, { token });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: ids.rita,
        state: "placed",
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        itemsTotalCents: 560,
        feesTotalCents: 0,
        totalCents: 560,
      });
      expect(body.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[0], quantity: 2, unitPriceCents: 280, totalCents: 560 })]);
    }
  });

  test("another distributor of the same cycle, a supplier, an unrelated hub and another buyer get 404; no login 401", async () => {
    const stranger = await createUser({ name: "Another buyer" });
    for (const token of [w.people.lake.token, w.people.supplierA.token, w.people.unrelated.token, stranger.token]) {
      const { status, body } = await getOrderApi(ids.rita, { token });
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    expect((await getOrderApi(ids.zoe, { token: w.people.distributor.token })).status).toBe(404);
    expect((await getOrderApi(ids.rita, {})).status).toBe(401);
  });
});
