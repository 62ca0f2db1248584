// The hub's pages for adjusting orders (docs/domain.md 8): the order page's edit form (quantity and
// weight fields, errors at their field, the history shown) and the cycle's orders page setting one
// product's delivered quantity across orders in one transaction (one refusal changes none).
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycles, variants } from "#db/schema";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { getOrderApi, placeOrderApi, setStock, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
let c1: string;
let c3: string;
const ids: string[] = [];

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Pages week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  [c1, c3] = w.variants.a;
  await getDb().update(variants).set({ weightGrams: 1000, soldByWeight: true }).where(eq(variants.id, c1));
  await setStock(c1, 20);
  await setStock(c3, 20);
  buyer = await createUser({ name: "Page Buyer" });
  for (let i = 0; i < 3; i++) {
    const placed = await placeOrderApi(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        lines: [
          { variantId: c3, quantity: 2 },
          { variantId: c1, quantity: 1 },
        ],
      },
      { token: buyer.token },
    );
    ids.push(placed.body.id);
  }
  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));
});

const orderPage = (orderId: string, form?: Record<string, string>) =>
  callRoute(hubOrderPage, { path: `/admin/order-cycles/${cycleId}/orders/${orderId}?edit=1`, params: { cycleId, orderId }, cookie: w.sessions.hub, form });

describe("the order page's edit form", () => {
  it("shows the lines to edit, saves a weight and a quantity, and lists the change in the history", async () => {
    const loaded = await json(await orderPage(ids[0]));
    expect(loaded.editing).toBe(true);
    expect(loaded.lines.find((line: { variantId: string }) => line.variantId === c1)).toMatchObject({ soldByWeight: true, nominalWeightGrams: 1000 });
    const saved = await orderPage(ids[0], { [`qty:${c3}`]: "1", [`qty:${c1}`]: "1", [`weight:${c1}`]: "1100", note: "Weighed at the barn" });
    expect(saved.status).toBe(302);
    const { body } = await getOrderApi(ids[0], { token: w.people.hub.token });
    expect(body.lines.find((line: { variantId: string }) => line.variantId === c1)).toMatchObject({ actualWeightGrams: 1100, totalCents: 308 });
    const page = await json(await orderPage(ids[0]));
    expect(page.history).toHaveLength(2);
    expect(page.history[0].note).toBe("Weighed at the barn");
  });

  it("a bad weight and a bad quantity are each refused at their own field, nothing written", async () => {
    const before = await getOrderApi(ids[1], { token: w.people.hub.token });
    const refused = await orderPage(ids[1], { [`qty:${c3}`]: "-1", [`qty:${c1}`]: "1", [`weight:${c1}`]: "12.5" });
    expect(refused.status).toBe(422);
    const result = await json(refused);
    expect(Object.keys(result.fieldErrors).sort()).toEqual([`qty:${c3}`, `weight:${c1}`].sort());
    expect(result.fieldErrors[`weight:${c1}`]).toContain("whole number of grams");
    expect((await getOrderApi(ids[1], { token: w.people.hub.token })).body).toEqual(before.body);
  });

  it("the supplier's manager is not shown the order (404)", async () => {
    const answer = await callRoute(hubOrderPage, {
      path: `/admin/order-cycles/${cycleId}/orders/${ids[1]}`,
      params: { cycleId, orderId: ids[1] },
      cookie: w.sessions.supplierA,
      form: { [`qty:${c3}`]: "1" },
    });
    expect(answer.status).toBe(404);
  });
});

describe("delivered quantities across orders", () => {
  const submit = (form: Record<string, string>) =>
    callRoute(ordersPage, { path: `/admin/order-cycles/${cycleId}/orders`, params: { cycleId }, cookie: w.sessions.hub, form });

  it("lists the orders holding the product and sets each one's quantity in one submit", async () => {
    const loaded = await json(
      await callRoute(ordersPage, { path: `/admin/order-cycles/${cycleId}/orders?bulkVariant=${c3}`, params: { cycleId }, cookie: w.sessions.hub }),
    );
    expect(loaded.delivered.rows.map((row: { orderId: string }) => row.orderId).sort()).toEqual([...ids].sort());
    const stock = await stockOf(c3);
    const saved = await submit({ variantId: c3, [`delivered:${ids[1]}`]: "1", [`delivered:${ids[2]}`]: "0", note: "Short by three" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toContain("delivered=2");
    const quantities = await Promise.all(
      ids
        .slice(1)
        .map(
          async (id) =>
            (await getOrderApi(id, { token: w.people.hub.token })).body.lines.find((line: { variantId: string }) => line.variantId === c3)?.quantity ?? 0,
        ),
    );
    expect(quantities).toEqual([1, 0]);
    expect(await stockOf(c3)).toBe(stock! + 3);
  });

  it("one refused order changes none, and the error sits at that order's field", async () => {
    const before = await Promise.all(ids.map(async (id) => (await getOrderApi(id, { token: w.people.hub.token })).body));
    // ids[2] holds only c1 now: removing c1 would leave it empty.
    const refused = await submit({ variantId: c1, [`delivered:${ids[0]}`]: "2", [`delivered:${ids[2]}`]: "0" });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).fieldErrors)).toEqual([`delivered:${ids[2]}`]);
    const after = await Promise.all(ids.map(async (id) => (await getOrderApi(id, { token: w.people.hub.token })).body));
    expect(after).toEqual(before);
  });
});
