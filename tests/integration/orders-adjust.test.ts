// Adjusting placed orders after the close (docs/domain.md 8, decision 0034): the coordinator and the
// distributor change quantities, weigh lines sold by weight, add a line; each change re-prices the
// order as checkout does (per-order fees too), moves only the changed lines' stock and lands in the
// order's history. Every refusal changes nothing; two managers at once never make stock or totals drift.
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterpriseFees, orderCycles, variants } from "#db/schema";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, getOrderApi, placeOrderApi, setStock, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
/** Carrots 1 kg (sold by weight, 1000 g nominal; shop price 270) and Carrots 3 kg (shop price 720). */
let c1: string;
let c3: string;

beforeAll(async () => {
  w = await coopPlus();
  // River's fee becomes a per-order price sack: 2.00 on orders whose items are worth under 10.00
  // at the producers' prices, nothing from 10.00. Shop prices are then supplier + hub 10 + A packing 10.
  await getDb()
    .update(enterpriseFees)
    .set({ calculatorType: "price_sack", calculatorParams: { thresholdCents: 1000, normalCents: 200, discountCents: 0 } })
    .where(eq(enterpriseFees.id, w.fees.distributor.id));
  cycleId = await seedCycle(w, { name: "Adjust week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  [c1, c3] = w.variants.a;
  await getDb().update(variants).set({ weightGrams: 1000, soldByWeight: true }).where(eq(variants.id, c1));
  await setStock(c1, 50);
  await setStock(c3, 50);
  buyer = await createUser({ name: "Bea Buyer" });
});

async function place(lines: { variantId: string; quantity: number }[]) {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines,
    },
    { token: buyer.token },
  );
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  return placed.body.id as string;
}

async function closeCycle() {
  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));
}

async function patch(orderId: string, body: unknown, token: string) {
  const response = await callRoute(orderRoute, { method: "PATCH", path: `/api/v1/orders/${orderId}`, params: { orderId }, body, token });
  return { status: response.status, body: await json(response) };
}

/** Everything a refusal must leave as it was: the order's totals and lines, the stock, the history. */
async function snapshot(orderId: string) {
  const [order] = await getDb().execute(sql`select state, items_total_cents, fees_total_cents, total_cents from orders where id = ${orderId}`);
  const lines = await getDb().execute(
    sql`select variant_id, quantity, actual_weight_grams, total_cents from order_lines where order_id = ${orderId} order by variant_id`,
  );
  const [changes] = await getDb().execute(sql`select count(*)::int as count from order_changes where order_id = ${orderId}`);
  return { order, lines: [...lines], changes, stock: [await stockOf(c1), await stockOf(c3), await stockOf(w.variants.a[2])] };
}

let orderA: string;
let orderB: string;

describe("after the close", () => {
  beforeAll(async () => {
    orderA = await place([{ variantId: c3, quantity: 3 }]);
    orderB = await place([
      { variantId: c3, quantity: 1 },
      { variantId: c1, quantity: 2 },
    ]);
    await closeCycle();
  });

  it("the coordinator lowers a quantity: re-priced, one unit back on the shelf, one history row naming who and why", async () => {
    const stockBefore = await stockOf(c3);
    const { status, body } = await patch(orderA, { lines: [{ variantId: c3, quantity: 2 }], note: "One crate short" }, w.people.hub.token);
    expect(status).toBe(200);
    expect(body.lines).toEqual([expect.objectContaining({ variantId: c3, quantity: 2, unitPriceCents: 720, totalCents: 1440 })]);
    // 2 × 700 at the producer's price is 14.00: over the sack's threshold, no fee.
    expect(body.feesTotalCents).toBe(0);
    expect(body.totalCents).toBe(1440);
    expect(await stockOf(c3)).toBe(stockBefore! + 1);
    expect(body.history).toEqual([
      {
        at: expect.any(String),
        actor: { name: "Hub manager", email: w.people.hub.email, enterprise: { id: w.hub.id, name: "Green Hub" } },
        source: "staff",
        variantId: c3,
        productName: "Carrots",
        variantName: "3 kg",
        before: { quantity: 3, actualWeightGrams: null, totalCents: 2160 },
        after: { quantity: 2, actualWeightGrams: null, totalCents: 1440 },
        note: "One crate short",
      },
    ]);
    const read = await getOrderApi(orderA, { token: w.people.distributor.token });
    expect(read.body.history).toHaveLength(1);
  });

  it("the distributor weighs a line: unit price × weight ÷ nominal weight, rounded half up once, and the per-order fee re-priced", async () => {
    const before = await getOrderApi(orderB, { token: w.people.distributor.token });
    // 720 + 2 × 270; the items are worth 700 + 500 = 12.00 at the producers' prices: no fee.
    expect(before.body.totalCents).toBe(1260);
    const stockBefore = await stockOf(c1);
    const { status, body } = await patch(orderB, { lines: [{ variantId: c1, quantity: 2, actualWeightGrams: 1050 }] }, w.people.distributor.token);
    expect(status).toBe(200);
    const weighed = body.lines.find((line: { variantId: string }) => line.variantId === c1);
    // 270 × 1050 / 1000 = 283.5 → 284.
    expect(weighed).toMatchObject({ quantity: 2, actualWeightGrams: 1050, unitPriceCents: 270, totalCents: 284 });
    // At the producers' prices: 700 + 250 × 1.05 (262.5 → 263) = 9.63, under 10.00: the sack's 2.00 applies now.
    expect(body.adjustments).toEqual([expect.objectContaining({ label: "River fund", amountCents: 200 })]);
    expect(body.itemsTotalCents).toBe(720 + 284);
    expect(body.totalCents).toBe(720 + 284 + 200);
    // Weighing moves no stock.
    expect(await stockOf(c1)).toBe(stockBefore);
    expect(body.history).toEqual([
      expect.objectContaining({
        actor: { name: "Distributor manager", email: w.people.distributor.email, enterprise: { id: w.distributor.id, name: "River Co-op" } },
        before: { quantity: 2, actualWeightGrams: null, totalCents: 1260 },
        after: { quantity: 2, actualWeightGrams: 1050, totalCents: 1204 },
      }),
    ]);
  });

  it("a variant of the cycle for that shop is added, its stock taken; lines not listed stay as they were", async () => {
    const stockBefore = await stockOf(c1);
    const { status, body } = await patch(orderA, { lines: [{ variantId: c1, quantity: 4 }] }, w.people.distributor.token);
    expect(status).toBe(200);
    expect(body.lines.map((line: { variantId: string; quantity: number }) => [line.variantId, line.quantity]).sort()).toEqual(
      [
        [c1, 4],
        [c3, 2],
      ].sort(),
    );
    expect(await stockOf(c1)).toBe(stockBefore! - 4);
    expect(body.history.at(-1)).toMatchObject({ variantId: c1, before: { quantity: 0 }, after: { quantity: 4 } });
  });

  it("the same change twice changes nothing the second time and writes no history", async () => {
    const first = await snapshot(orderA);
    const { status } = await patch(orderA, { lines: [{ variantId: c1, quantity: 4 }] }, w.people.hub.token);
    expect(status).toBe(200);
    expect(await snapshot(orderA)).toEqual(first);
  });

  describe("refusals change nothing", () => {
    const cases: [string, () => unknown, number, string][] = [
      ["a variant the cycle does not sell at this shop", () => ({ lines: [{ variantId: w.variants.b[0], quantity: 1 }] }), 422, "lines.<b0>"],
      ["a variant outside the cycle", () => ({ lines: [{ variantId: w.variants.c[0], quantity: 1 }] }), 422, "lines.<c0>"],
      ["a negative quantity", () => ({ lines: [{ variantId: c3, quantity: -1 }] }), 422, "lines.<c3>"],
      ["a fraction of a unit", () => ({ lines: [{ variantId: c3, quantity: 1.5 }] }), 422, "lines.<c3>"],
      ["a negative weight", () => ({ lines: [{ variantId: c1, quantity: 4, actualWeightGrams: -5 }] }), 422, "lines.<c1>.actualWeightGrams"],
      [
        "a weight on a variant not sold by weight",
        () => ({ lines: [{ variantId: c3, quantity: 2, actualWeightGrams: 900 }] }),
        422,
        "lines.<c3>.actualWeightGrams",
      ],
      ["more than the stock", () => ({ lines: [{ variantId: c3, quantity: 999 }] }), 409, "lines.<c3>"],
      [
        "removing every line",
        () => ({
          lines: [
            { variantId: c3, quantity: 0 },
            { variantId: c1, quantity: 0 },
          ],
        }),
        422,
        "lines",
      ],
      [
        "the same variant twice",
        () => ({
          lines: [
            { variantId: c3, quantity: 1 },
            { variantId: c3, quantity: 2 },
          ],
        }),
        422,
        "lines.<c3>",
      ],
    ];
    const fieldName = (name: string) => name.replace("<b0>", w.variants.b[0]).replace("<c0>", w.variants.c[0]).replace("<c3>", c3).replace("<c1>", c1);

    it.each(cases)("%s: refused at its field, nothing written", async (_, body, status, field) => {
      const before = await snapshot(orderA);
      const answer = await patch(orderA, body(), w.people.hub.token);
      expect(answer.status).toBe(status);
      expect(Object.keys(answer.body.error.fields)).toEqual([fieldName(field)]);
      expect(await snapshot(orderA)).toEqual(before);
    });

    it("removing every line says to cancel instead", async () => {
      const answer = await patch(
        orderA,
        {
          lines: [
            { variantId: c3, quantity: 0 },
            { variantId: c1, quantity: 0 },
          ],
        },
        w.people.hub.token,
      );
      expect(answer.body.error.fields.lines).toMatch(/cancel the order/);
    });

    it("the buyer after the close: 409, nothing written", async () => {
      const before = await snapshot(orderA);
      const answer = await patch(orderA, { lines: [{ variantId: c3, quantity: 1 }] }, buyer.token);
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe("order_cycle_closed");
      expect(await snapshot(orderA)).toEqual(before);
    });

    it("a cancelled order: 409, nothing written", async () => {
      const cancelled = orderB;
      expect((await cancelOrderApi(cancelled, { token: w.people.hub.token })).status).toBe(200);
      const before = await snapshot(cancelled);
      const answer = await patch(cancelled, { lines: [{ variantId: c3, quantity: 2 }] }, w.people.hub.token);
      expect(answer.status).toBe(409);
      expect(await snapshot(cancelled)).toEqual(before);
    });
  });
});

describe("two managers at once", () => {
  it("ten orders, each adjusted by the coordinator and the distributor in parallel: every change kept, stock and totals exact", async () => {
    await getDb()
      .update(orderCycles)
      .set({ closesAt: minuteFromNow(120) })
      .where(eq(orderCycles.id, cycleId));
    await setStock(c1, 100);
    await setStock(c3, 100);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await place([{ variantId: c3, quantity: 1 }]));
    await closeCycle();
    expect([await stockOf(c1), await stockOf(c3)]).toEqual([100, 90]);
    const answers = await Promise.all(
      ids.flatMap((orderId) => [
        patch(orderId, { lines: [{ variantId: c3, quantity: 4 }] }, w.people.hub.token),
        patch(orderId, { lines: [{ variantId: c1, quantity: 3, actualWeightGrams: 2900 }] }, w.people.distributor.token),
      ]),
    );
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    // Each order: 4 × 720 + 270 × 2.9 (783); worth over 10.00 at the producers' prices, so no fee.
    for (const orderId of ids) {
      const { body } = await getOrderApi(orderId, { token: w.people.hub.token });
      expect(
        body.lines.map((line: { variantId: string; quantity: number; totalCents: number }) => [line.variantId, line.quantity, line.totalCents]).sort(),
      ).toEqual(
        [
          [c1, 3, 783],
          [c3, 4, 2880],
        ].sort(),
      );
      expect(body.totalCents).toBe(2880 + 783);
      expect(body.history).toHaveLength(2);
      // The second change saw the first one's total.
      const [first, second] = body.history;
      expect(second.before.totalCents).toBe(first.after.totalCents);
      expect(second.after.totalCents).toBe(2880 + 783);
    }
    expect([await stockOf(c1), await stockOf(c3)]).toEqual([100 - 30, 100 - 40]);
  });
});

describe("soldByWeight on variants", () => {
  it("is set through the API and needs a weight: refused at weightGrams without one, nothing written", async () => {
    const productsRoute = await import("#app/routes/api.v1.enterprises.$enterpriseId.products");
    const variantRoute = await import("#app/routes/api.v1.variants.$variantId");
    const enterpriseId = w.supplierA.id;
    const post = (variant: Record<string, unknown>) =>
      callRoute(productsRoute, {
        method: "POST",
        path: `/api/v1/enterprises/${enterpriseId}/products`,
        params: { enterpriseId },
        body: { name: "Tomme", variants: [{ name: "Piece", priceCents: 900, stock: 5, ...variant }] },
        token: w.people.supplierA.token,
      });
    const refused = await post({ soldByWeight: true });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).error.fields)).toEqual(["variants.0.weightGrams"]);
    const created = await post({ soldByWeight: true, weightGrams: 500 });
    expect(created.status).toBe(201);
    const variant = (await json(created)).variants[0];
    expect(variant).toMatchObject({ soldByWeight: true, weightGrams: 500 });

    const patchVariant = (body: unknown) =>
      callRoute(variantRoute, {
        method: "PATCH",
        path: `/api/v1/variants/${variant.id}`,
        params: { variantId: variant.id },
        body,
        token: w.people.supplierA.token,
      });
    const noWeight = await patchVariant({ weightGrams: null });
    expect(noWeight.status).toBe(422);
    expect(Object.keys((await json(noWeight)).error.fields)).toEqual(["weightGrams"]);
    const off = await patchVariant({ soldByWeight: false });
    expect(off.status).toBe(200);
    expect(await json(off)).toMatchObject({ soldByWeight: false, weightGrams: 500 });
  });
});
