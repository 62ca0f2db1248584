// docs/domain.md 12, docs/api.md "Group buying": a cycle's minimum thresholds through the API.
// Progress is counted over placed orders only, in exact cents at the supplier's prices for a
// supplier's minimum and at shop prices (per-item fees in) for the cycle's and a pickup point's;
// a pickup point's minimum counts only its own distributor's orders when two distributors sell
// the cycle. Bad input answers 422 at the field, in the reader's language, and changes nothing.
import { eq } from "drizzle-orm";
import * as thresholdsApi from "#app/routes/api.v1.order-cycles.$cycleId.thresholds";
import * as thresholdApi from "#app/routes/api.v1.order-cycles.$cycleId.thresholds.$thresholdId";
import * as shopCyclesApi from "#app/routes/api.v1.shops.$distributorId.order-cycles";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { orders } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;
let cycleId: string;

const post = (body: object, token = w.people.hub.token, headers?: Record<string, string>) =>
  callRoute(thresholdsApi, { method: "POST", token, params: { cycleId }, body, headers });

async function order(distributorId: string, shippingMethodId: string, paymentMethodId: string, lines: { variantId: string; quantity: number }[]) {
  return placeOrder(
    { distributorId, orderCycleId: cycleId, shippingMethodId, paymentMethodId, email: `buyer-${Math.random()}@example.org`, name: "Buyer", lines },
    undefined,
  );
}

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  // Both shops open to every buyer.
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
});

describe("progress over placed orders, in exact cents", () => {
  let ids: Record<string, string>;

  beforeAll(async () => {
    const add = async (body: object) => {
      const response = await post(body);
      expect(response.status).toBe(201);
      return ((await json(response)) as { id: string }).id;
    };
    ids = {
      farmA: await add({ scope: "supplier", supplierId: w.supplierA.id, measure: "amount", minimum: 2000, policy: "cancel" }),
      farmB: await add({ scope: "supplier", supplierId: w.supplierB.id, measure: "units", minimum: 5, policy: "proceed" }),
      cycle: await add({ scope: "cycle", measure: "amount", minimum: 2340, policy: "extend", extendDays: 3 }),
      river: await add({
        scope: "shipping_method",
        distributorId: w.distributor.id,
        shippingMethodId: w.methods.distributor.shipping.id,
        measure: "units",
        minimum: 4,
        policy: "cancel",
      }),
      lakeSecond: await add({
        scope: "shipping_method",
        distributorId: w.lake.id,
        shippingMethodId: w.methods.lake[1].shipping.id,
        measure: "amount",
        minimum: 100,
        policy: "proceed",
      }),
    };
    // River: 3 × carrots 1 kg (250 at the farm, 280 in the shop: three 10-cent fees) and 1 × carrots 3 kg (700, 730).
    await order(w.distributor.id, w.methods.distributor.shipping.id, w.methods.distributor.payment.id, [
      { variantId: w.variants.a[0], quantity: 3 },
      { variantId: w.variants.a[1], quantity: 1 },
    ]);
    // Lake, first pickup point: 2 × carrots 1 kg (250, 280) and 1 × milk 1 l (180 at Farm B, 210 in the shop).
    await order(w.lake.id, w.methods.lake[0].shipping.id, w.methods.lake[0].payment.id, [
      { variantId: w.variants.a[0], quantity: 2 },
      { variantId: w.variants.b[0], quantity: 1 },
    ]);
    // A cancelled order counts for nothing.
    const cancelled = await order(w.lake.id, w.methods.lake[1].shipping.id, w.methods.lake[1].payment.id, [{ variantId: w.variants.a[0], quantity: 1 }]);
    await getDb().update(orders).set({ state: "cancelled" }).where(eq(orders.id, cancelled));
  });

  test("GET lists each threshold with its current value and whether it is reached", async () => {
    const response = await callRoute(thresholdsApi, { token: w.people.hub.token, params: { cycleId } });
    expect(response.status).toBe(200);
    const { items } = (await json(response)) as { items: { id: string; currentValue: number; reached: boolean; label: string; outcome: string | null }[] };
    const byId = new Map(items.map((item) => [item.id, item]));
    // Farm A at its own prices: 5 × 250 + 700 = 1950, 50 short of 2000.
    expect(byId.get(ids.farmA)).toMatchObject({ currentValue: 1950, reached: false, label: "Farm A", outcome: null });
    expect(byId.get(ids.farmB)).toMatchObject({ currentValue: 1, reached: false, label: "Farm B" });
    // The cycle at shop prices: 3 × 280 + 730 + 2 × 280 + 210 = 2340: exactly its minimum.
    expect(byId.get(ids.cycle)).toMatchObject({ currentValue: 2340, reached: true });
    // River's pickup point: its own order's 4 items; Lake's orders are not River's.
    expect(byId.get(ids.river)).toMatchObject({ currentValue: 4, reached: true, label: "Pickup" });
    // Lake's second pickup point: only a cancelled order went there.
    expect(byId.get(ids.lakeSecond)).toMatchObject({ currentValue: 0, reached: false });
  });

  test("a supplier and a distributor of the cycle see the thresholds too; others are not told the cycle exists", async () => {
    for (const token of [w.people.supplierA.token, w.people.distributor.token]) {
      const response = await callRoute(thresholdsApi, { token, params: { cycleId } });
      expect(response.status).toBe(200);
      expect(((await json(response)) as { items: unknown[] }).items).toHaveLength(5);
    }
    expect((await callRoute(thresholdsApi, { token: w.people.unrelated.token, params: { cycleId } })).status).toBe(404);
  });

  test("each shop's buyers see the cycle's and the suppliers' minimums and their own pickup points', nothing internal", async () => {
    const response = await callRoute(shopCyclesApi, { params: { distributorId: w.distributor.id } });
    const { items } = (await json(response)) as { items: { id: string; thresholds: Record<string, unknown>[] }[] };
    const cycle = items.find((item) => item.id === cycleId)!;
    expect(cycle.thresholds).toEqual([
      { scope: "supplier", label: "Farm A", measure: "amount", minimum: 2000, currentValue: 1950, reached: false },
      { scope: "supplier", label: "Farm B", measure: "units", minimum: 5, currentValue: 1, reached: false },
      { scope: "cycle", label: "Week 48", measure: "amount", minimum: 2340, currentValue: 2340, reached: true },
      { scope: "shipping_method", label: "Pickup", measure: "units", minimum: 4, currentValue: 4, reached: true },
    ]);
  });

  test("DELETE removes one (the coordinator only) and a second DELETE is 404", async () => {
    const denied = await callRoute(thresholdApi, { method: "DELETE", token: w.people.supplierA.token, params: { cycleId, thresholdId: ids.lakeSecond } });
    expect(denied.status).toBe(403);
    const gone = await callRoute(thresholdApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId, thresholdId: ids.lakeSecond } });
    expect(gone.status).toBe(204);
    const again = await callRoute(thresholdApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId, thresholdId: ids.lakeSecond } });
    expect(again.status).toBe(404);
  });
});

describe("bad input: 422 at the field, nothing changed", () => {
  const cases: [string, () => object, string, string][] = [
    ["a minimum of 0", () => ({ scope: "cycle", measure: "units", minimum: 0, policy: "proceed" }), "minimum", "Must be at least 1."],
    ["a negative minimum", () => ({ scope: "cycle", measure: "amount", minimum: -500, policy: "cancel" }), "minimum", "Must be at least 1."],
    ["a minimum with cents", () => ({ scope: "cycle", measure: "amount", minimum: 12.5, policy: "cancel" }), "minimum", "Enter a whole number, 0 or more."],
    [
      "a supplier not in the cycle",
      () => ({ scope: "supplier", supplierId: w.supplierC.id, measure: "amount", minimum: 1000, policy: "cancel" }),
      "supplierId",
      "This supplier is not part of this cycle.",
    ],
    [
      "a supplier's scope without a supplier",
      () => ({ scope: "supplier", measure: "amount", minimum: 1000, policy: "cancel" }),
      "supplierId",
      "This field is required.",
    ],
    [
      "a pickup point not offered in that exchange",
      () => ({
        scope: "shipping_method",
        distributorId: w.distributor.id,
        shippingMethodId: w.methods.lake[0].shipping.id,
        measure: "units",
        minimum: 3,
        policy: "cancel",
      }),
      "shippingMethodId",
      "This distributor does not offer this pickup point in this cycle.",
    ],
    [
      "a distributor not in the cycle",
      () => ({
        scope: "shipping_method",
        distributorId: w.hill.id,
        shippingMethodId: w.methods.lake[0].shipping.id,
        measure: "units",
        minimum: 3,
        policy: "cancel",
      }),
      "distributorId",
      "This distributor is not part of this cycle.",
    ],
    [
      "extend without days",
      () => ({ scope: "cycle", measure: "amount", minimum: 1000, policy: "extend" }),
      "extendDays",
      "Say by how many days the close moves (1 to 30).",
    ],
    [
      "extend beyond 30 days",
      () => ({ scope: "cycle", measure: "amount", minimum: 1000, policy: "extend", extendDays: 31 }),
      "extendDays",
      "Must be at most 30.",
    ],
    ["an unknown policy", () => ({ scope: "cycle", measure: "amount", minimum: 1000, policy: "wait" }), "policy", "Choose one of the options."],
  ];

  test.each(cases)("%s", async (_name, body, field, message) => {
    const before = await snapshotDatabase();
    const response = await post(body());
    expect(response.status).toBe(422);
    const answer = (await json(response)) as { error: { fields: Record<string, string> } };
    expect(answer.error.fields[field]).toBe(message);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("in French for a French reader", async () => {
    const response = await post({ scope: "supplier", supplierId: w.supplierC.id, measure: "amount", minimum: 1000, policy: "cancel" }, w.people.hub.token, {
      "Accept-Language": "fr",
    });
    expect(response.status).toBe(422);
    const answer = (await json(response)) as { error: { fields: Record<string, string> } };
    expect(answer.error.fields.supplierId).toBe("Ce producteur ne fait pas partie de ce cycle.");
  });
});
