// Which cycles a buyer sees in a shop (docs/domain.md section 5, outgoing exchange tags) and what each
// one sells: a tagged cycle is for the distributor's customers holding a tag, through every door
// (cycle list, product list, order); simultaneous cycles keep their own products and prices.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as preferencesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shop-preferences";
import { getDb } from "#db/connection.server";
import { orderCycles, paymentMethods, shippingMethods } from "#db/schema";
import { coopPlus, insertEnterprise, insertFee, insertGrant, insertMethods, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { ordersOfCycle, placeOrderApi, setStock, shopCycleIds, shopCycles, shopProductsPage, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

const riverMethods = () => ({ shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id });

async function tagCustomer(email: string, tags: string[], name?: string) {
  const response = await callRoute(customerRoute, {
    method: "PUT",
    path: `/api/v1/enterprises/${w.distributor.id}/customers/${encodeURIComponent(email)}`,
    params: { enterpriseId: w.distributor.id, email },
    token: w.people.distributor.token,
    body: { tags, ...(name === undefined ? {} : { name }) },
  });
  expect(response.status).toBe(200);
  return json(response);
}

describe("a cycle whose outgoing exchange has tags", () => {
  let cycleId: string;
  let member: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    // Open now at River, for customers tagged "pro" only.
    cycleId = await seedCycle(w, { name: "Pro week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: ["pro"] });
    member = await createUser({ name: "Pro buyer" });
    stranger = await createUser({ name: "Walk-in buyer" });
    // The distributor's tag is written with another case: tags match whatever the case.
    await tagCustomer(member.email, ["PRO", "member"]);
  });

  test("is listed for a customer holding one of the tags, with its ready-for and dates", async () => {
    const { status, body } = await shopCycles(w.distributor.id, { token: member.token });
    expect(status).toBe(200);
    const [cycle] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
    expect(body.items).toEqual([
      {
        id: cycleId,
        readyFor: "Friday river",
        opensAt: cycle.opensAt!.toISOString(),
        closesAt: cycle.closesAt!.toISOString(),
        full: false,
        fullShippingMethodIds: [],
        thresholds: [],
      },
    ]);
    expect(body.nextCursor).toBeNull();
  });

  test("is not listed for a signed-in buyer without the tag, nor for a guest", async () => {
    expect(await shopCycleIds(w.distributor.id, { token: stranger.token })).toEqual([]);
    expect(await shopCycleIds(w.distributor.id)).toEqual([]);
  });

  test("hides its products from everyone but the tagged customers (404, not merely empty)", async () => {
    const forMember = await shopProductsPage(w.distributor.id, cycleId, { token: member.token });
    expect(forMember.status).toBe(200);
    expect(forMember.body.items.map((item: { variantId: string }) => item.variantId)).toEqual(w.variants.a.slice(0, 2));
    for (const who of [{ token: stranger.token }, {}]) {
      const refused = await shopProductsPage(w.distributor.id, cycleId, who);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe("not_found");
    }
  });

  test("refuses an order from a buyer without the tag with 404 and writes nothing", async () => {
    await setStock(w.variants.a[0], 10);
    const order = { distributorId: w.distributor.id, orderCycleId: cycleId, ...riverMethods(), lines: [{ variantId: w.variants.a[0], quantity: 2 }] };
    const refused = await placeOrderApi(order, { token: stranger.token });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("not_found");
    expect(await stockOf(w.variants.a[0])).toBe(10);
    expect(await ordersOfCycle(cycleId)).toEqual([]);
  });

  test("refuses a guest who merely types a tagged customer's email: the tag belongs to the signed-in account", async () => {
    await setStock(w.variants.a[0], 10);
    const order = {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      ...riverMethods(),
      email: member.email,
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    };
    const refused = await placeOrderApi(order);
    expect(refused.status).toBe(404);
    expect(await stockOf(w.variants.a[0])).toBe(10);
    expect(await ordersOfCycle(cycleId)).toEqual([]);
  });

  test("accepts the tagged customer's order", async () => {
    await setStock(w.variants.a[0], 10);
    const order = { distributorId: w.distributor.id, orderCycleId: cycleId, ...riverMethods(), lines: [{ variantId: w.variants.a[0], quantity: 2 }] };
    const placed = await placeOrderApi(order, { token: member.token });
    expect(placed.status).toBe(201);
    expect(placed.body.state).toBe("placed");
    expect(await stockOf(w.variants.a[0])).toBe(8);
  });

  test("follows the customer list: a tag given makes it visible, a tag taken away hides it again", async () => {
    const late = await createUser({ name: "Joins later" });
    expect(await shopCycleIds(w.distributor.id, { token: late.token })).toEqual([]);
    await tagCustomer(late.email, ["pro"]);
    expect(await shopCycleIds(w.distributor.id, { token: late.token })).toEqual([cycleId]);
    await tagCustomer(late.email, ["member"]);
    expect(await shopCycleIds(w.distributor.id, { token: late.token })).toEqual([]);
    expect((await shopProductsPage(w.distributor.id, cycleId, { token: late.token })).status).toBe(404);
  });

  test("a tag held at another distributor does not count here", async () => {
    const elsewhere = await createUser({ name: "Lake pro" });
    const response = await callRoute(customerRoute, {
      method: "PUT",
      path: `/api/v1/enterprises/${w.lake.id}/customers/${elsewhere.email}`,
      params: { enterpriseId: w.lake.id, email: elsewhere.email },
      token: w.people.lake.token,
      body: { tags: ["pro"] },
    });
    expect(response.status).toBe(200);
    expect(await shopCycleIds(w.distributor.id, { token: elsewhere.token })).toEqual([]);
  });
});

describe("two cycles open at once at one distributor", () => {
  let week: string;
  let pro: string;
  const buyers: Record<string, TestUser> = {};

  beforeAll(async () => {
    // A fresh distributor-side world would be clearer, but River is shared: drop earlier cycles from the shop.
    await getDb()
      .update(orderCycles)
      .set({ closesAt: minuteFromNow(-24 * 60), opensAt: minuteFromNow(-48 * 60) });
    // "Week": the seeded cycle, untagged. River sells carrots 1 kg (250) and 3 kg (700), each with
    // the hub's, Farm A's and River's per-item fees of 10 cents: 280 and 730.
    week = await seedCycle(w, { name: "Week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, week, w.distributor.id, { tags: [] });
    // "Pro": opens later, closes sooner; no coordinator fee, Farm A takes 10 %, River 25 cents an item.
    // River sells carrots 3 kg: 700 + 70 + 25 = 795, and leeks: 300 + 30 + 25 = 355.
    const tenPercent = await insertFee(w.supplierA.id, "A ten percent", "percent", { percent: 10 });
    const quarter = await insertFee(w.distributor.id, "River quarter", "per_item", { amountCents: 25 });
    pro = await createOrderCycle(w.actors.hub, {
      name: "Pro",
      coordinatorId: w.hub.id,
      opensAt: minuteFromNow(-30).toISOString(),
      closesAt: minuteFromNow(60).toISOString(),
      coordinatorFeeIds: [],
    });
    await putIncomingExchange(w.actors.hub, pro, w.supplierA.id, { variantIds: [w.variants.a[1], w.variants.a[2]], feeIds: [tenPercent.id] });
    await putOutgoingExchange(w.actors.hub, pro, w.distributor.id, {
      variantIds: [w.variants.a[1], w.variants.a[2]],
      feeIds: [quarter.id],
      readyFor: "Pro Tuesday",
      tags: [],
    });
    for (const variantId of w.variants.a) await setStock(variantId, 50);
    buyers.one = await createUser({ name: "Buyer one" });
  });

  test("both are listed, soonest close first by default, by opening when the shop prefers", async () => {
    expect(await shopCycleIds(w.distributor.id)).toEqual([pro, week]);
    const response = await callRoute(preferencesRoute, {
      method: "PATCH",
      path: `/api/v1/enterprises/${w.distributor.id}/shop-preferences`,
      params: { enterpriseId: w.distributor.id },
      token: w.people.distributor.token,
      body: { orderCyclesSortedBy: "opens_at" },
    });
    expect(response.status).toBe(200);
    expect(await shopCycleIds(w.distributor.id)).toEqual([week, pro]);
    const { body } = await shopCycles(w.distributor.id);
    expect(body.items.map((item: { readyFor: string }) => item.readyFor)).toEqual(["Friday river", "Pro Tuesday"]);
  });

  test("each lists its own products at its own prices, with its own fee breakdown", async () => {
    const weekPage = await shopProductsPage(w.distributor.id, week);
    expect(weekPage.status).toBe(200);
    expect(weekPage.body.items).toEqual([
      {
        variantId: w.variants.a[0],
        productName: "Carrots",
        variantName: "1 kg",
        supplierName: "Farm A",
        priceCents: 280,
        available: 50,
        category: null,
        unitsPerCase: 1,
        unitPriceCents: null,
        unitPriceUnit: null,
        maxPerBuyer: null,
        imageUrl: null,
        fees: [
          { enterpriseName: "Green Hub", feeType: "admin", name: "Hub admin", amountCents: 10 },
          { enterpriseName: "Farm A", feeType: "admin", name: "A packing", amountCents: 10 },
          { enterpriseName: "River Co-op", feeType: "admin", name: "River fund", amountCents: 10 },
        ],
      },
      expect.objectContaining({ variantId: w.variants.a[1], productName: "Carrots", variantName: "3 kg", priceCents: 730 }),
    ]);
    expect(weekPage.body.nextCursor).toBeNull();

    const proPage = await shopProductsPage(w.distributor.id, pro);
    expect(proPage.status).toBe(200);
    expect(proPage.body.items).toEqual([
      {
        variantId: w.variants.a[1],
        productName: "Carrots",
        variantName: "3 kg",
        supplierName: "Farm A",
        priceCents: 795,
        available: 50,
        category: null,
        unitsPerCase: 1,
        unitPriceCents: null,
        unitPriceUnit: null,
        maxPerBuyer: null,
        imageUrl: null,
        fees: [
          { enterpriseName: "Farm A", feeType: "admin", name: "A ten percent", amountCents: 70 },
          { enterpriseName: "River Co-op", feeType: "admin", name: "River quarter", amountCents: 25 },
        ],
      },
      expect.objectContaining({ variantId: w.variants.a[2], productName: "Leeks", variantName: "Bunch", priceCents: 355 }),
    ]);
  });

  test("an order is priced by its own cycle: the same variant costs 730 in one and 795 in the other", async () => {
    const inWeek = await placeOrderApi(
      { distributorId: w.distributor.id, orderCycleId: week, ...riverMethods(), lines: [{ variantId: w.variants.a[1], quantity: 2 }] },
      { token: buyers.one.token },
    );
    expect(inWeek.status).toBe(201);
    expect(inWeek.body.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[1], quantity: 2, unitPriceCents: 730, totalCents: 1460 })]);
    expect(inWeek.body).toMatchObject({ itemsTotalCents: 1460, feesTotalCents: 0, totalCents: 1460 });

    const inPro = await placeOrderApi(
      {
        distributorId: w.distributor.id,
        orderCycleId: pro,
        ...riverMethods(),
        lines: [
          { variantId: w.variants.a[1], quantity: 2 },
          { variantId: w.variants.a[2], quantity: 1 },
        ],
      },
      { token: buyers.one.token },
    );
    expect(inPro.status).toBe(201);
    expect(inPro.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variantId: w.variants.a[1], quantity: 2, unitPriceCents: 795, totalCents: 1590 }),
        expect.objectContaining({ variantId: w.variants.a[2], quantity: 1, unitPriceCents: 355, totalCents: 355 }),
      ]),
    );
    expect(inPro.body.lines).toHaveLength(2);
    expect(inPro.body).toMatchObject({ itemsTotalCents: 1945, feesTotalCents: 0, totalCents: 1945 });
  });

  test("a variant another cycle sells is refused with 422 on this one, and nothing is written", async () => {
    const before = await stockOf(w.variants.a[0]);
    const refused = await placeOrderApi({
      distributorId: w.distributor.id,
      orderCycleId: pro,
      ...riverMethods(),
      email: "wrong-cycle@example.org",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.error.fields)).toEqual([`lines.${w.variants.a[0]}`]);
    expect(await stockOf(w.variants.a[0])).toBe(before);
    expect((await ordersOfCycle(pro)).map((order) => order.email)).not.toContain("wrong-cycle@example.org");
  });

  test("a cycle nobody could pay for is not offered", async () => {
    // Only a card method, and Stripe is not configured on this instance.
    setEnv({ STRIPE_SECRET_KEY: undefined });
    const [card] = await getDb().insert(paymentMethods).values({ enterpriseId: w.distributor.id, name: "Card", kind: "stripe" }).returning();
    await putOutgoingExchange(w.actors.hub, pro, w.distributor.id, { paymentMethodIds: [card.id] });
    expect(await shopCycleIds(w.distributor.id)).toEqual([week]);
    const refused = await placeOrderApi({
      distributorId: w.distributor.id,
      orderCycleId: pro,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: card.id,
      email: "card@example.org",
      lines: [{ variantId: w.variants.a[1], quantity: 1 }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("order_cycle_closed");
  });
});

describe("a coordinator without shipping or payment methods", () => {
  test("cannot open its cycles: the shop does not offer them and refuses their orders, until it has one of each", async () => {
    await getDb()
      .update(orderCycles)
      .set({ closesAt: minuteFromNow(-24 * 60), opensAt: minuteFromNow(-48 * 60) });
    const cycleId = await seedCycle(w, { name: "Coordinator not ready", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await setStock(w.variants.a[0], 20);
    expect(await shopCycleIds(w.distributor.id)).toEqual([cycleId]);

    const archived = await getDb()
      .update(shippingMethods)
      .set({ archivedAt: new Date() })
      .where(and(eq(shippingMethods.enterpriseId, w.hub.id), isNull(shippingMethods.archivedAt)))
      .returning({ id: shippingMethods.id });
    try {
      expect(await shopCycleIds(w.distributor.id)).toEqual([]);
      const refused = await placeOrderApi({
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        ...riverMethods(),
        email: "too-early@example.org",
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe("order_cycle_closed");
      expect((await ordersOfCycle(cycleId)).map((order) => order.email)).not.toContain("too-early@example.org");
    } finally {
      await getDb()
        .update(shippingMethods)
        .set({ archivedAt: null })
        .where(
          inArray(
            shippingMethods.id,
            archived.map((row) => row.id),
          ),
        );
    }
    expect(await shopCycleIds(w.distributor.id)).toEqual([cycleId]);
  });
});

describe("a shop with nothing open", () => {
  test("lists no cycle and says when the next opens and when the last closed, counting only cycles the buyer may see", async () => {
    // Lake: one cycle closed an hour ago, one opening tomorrow, and a tagged one opening sooner.
    const closedAt = minuteFromNow(-60);
    const opensAt = minuteFromNow(24 * 60);
    const closed = await seedCycle(w, { name: "Lake past", opensAt: minuteFromNow(-7 * 24 * 60), closesAt: closedAt });
    const next = await seedCycle(w, { name: "Lake next", opensAt, closesAt: minuteFromNow(3 * 24 * 60) });
    const taggedSooner = await seedCycle(w, { name: "Lake vip", opensAt: minuteFromNow(30), closesAt: minuteFromNow(2 * 24 * 60) });
    for (const id of [closed, next]) await putOutgoingExchange(w.actors.hub, id, w.lake.id, { tags: [] });
    await putOutgoingExchange(w.actors.hub, taggedSooner, w.lake.id, { tags: ["vip-lake"] });

    const { status, body } = await shopCycles(w.lake.id);
    expect(status).toBe(200);
    expect(body).toEqual({ items: [], nextCursor: null, nextOpensAt: opensAt.toISOString(), lastClosedAt: closedAt.toISOString() });
    // Its products answer 409 order_cycle_closed (visible, but not open).
    const page = await shopProductsPage(w.lake.id, next);
    expect(page.status).toBe(409);
    expect(page.body.error.code).toBe("order_cycle_closed");
  });

  test("a shop idle for months still says when it last took orders", async () => {
    const owner = await createUser({ name: "Quiet hub manager" });
    const quiet = await insertEnterprise(owner, { name: "Quiet Hub", kind: "hub" });
    await insertMethods(quiet.id);
    await insertGrant(quiet.id, w.hub.id);
    const closedAt = minuteFromNow(-200 * 24 * 60);
    const old = await seedCycle(w, { name: "Long ago", opensAt: minuteFromNow(-207 * 24 * 60), closesAt: closedAt });
    await putOutgoingExchange(w.actors.hub, old, quiet.id, { variantIds: [], tags: [], readyFor: "Once" });
    const { body } = await shopCycles(quiet.id);
    expect(body).toMatchObject({ items: [], nextOpensAt: null, lastClosedAt: closedAt.toISOString() });
  });

  test("an enterprise that has no shop answers 404", async () => {
    expect((await shopCycles(w.supplierB.id)).status).toBe(404);
    expect((await shopCycles("no-such-shop")).status).toBe(404);
  });
});
