// A fee's tax stays as it is while a cycle that uses it has placed orders and has not closed
// (decision 0028): one cycle's orders never carry two rates for one fee. Before any order, and
// once the cycle has closed, the rate may be corrected.
import { eq } from "drizzle-orm";
import { updateFee } from "#app/domain/fees/fees.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import * as feeRoute from "#app/routes/api.v1.fees.$feeId";
import { getDb } from "#db/connection.server";
import { enterpriseFees, orderAdjustments } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, insertFee, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi } from "#tests/support/shop";

let w: CoopPlus;
let cycleId: string;
let closesAt: Date;
let levy: { id: string };
let perItem: { id: string };

beforeAll(async () => {
  w = await coopPlus();
  closesAt = minuteFromNow(120);
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt });
  levy = await insertFee(w.hub.id, "Hub levy", "flat_rate", { amountCents: 200 });
  perItem = await insertFee(w.hub.id, "Hub handling", "per_item", { amountCents: 15 });
  await updateOrderCycle(w.actors.hub, cycleId, { coordinatorFeeIds: [w.fees.hub.id, levy.id, perItem.id] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
});

const patch = (feeId: string, body: unknown) => callRoute(feeRoute, { method: "PATCH", token: w.people.hub.token, params: { feeId }, body });
const rateOf = async (feeId: string) => (await getDb().select().from(enterpriseFees).where(eq(enterpriseFees.id, feeId)))[0];

describe("a fee's tax under a cycle that uses it", () => {
  test("may be corrected while the cycle has no orders, and not once it has one; the order keeps its rate", async () => {
    expect((await patch(levy.id, { taxRateBasisPoints: 2000 })).status).toBe(200);

    const placed = await placeOrderApi({
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      email: "taxed@example.test",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);

    const refused = await patch(levy.id, { taxRateBasisPoints: 550 });
    expect(refused.status).toBe(409);
    const body = await json(refused);
    expect(body.error.code).toBe("conflict");
    expect(body.error.fields).toHaveProperty("taxRateBasisPoints");
    expect((await rateOf(levy.id)).taxRateBasisPoints).toBe(2000);

    const [adjustment] = await getDb().select().from(orderAdjustments).where(eq(orderAdjustments.feeId, levy.id));
    expect(adjustment.taxRateBasisPoints).toBe(2000);
  });

  test("following the product's rate is refused too, while the same rate, the name and the type still change", async () => {
    const refused = await patch(perItem.id, { taxFollowsProduct: true });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.fields).toHaveProperty("taxFollowsProduct");
    expect((await rateOf(perItem.id)).taxFollowsProduct).toBe(false);

    const renamed = await patch(levy.id, { name: "Hub levy 2026", feeType: "transport", taxRateBasisPoints: 2000 });
    expect(renamed.status).toBe(200);
    expect(await rateOf(levy.id)).toMatchObject({ name: "Hub levy 2026", feeType: "transport", taxRateBasisPoints: 2000 });
  });

  test("once the cycle has closed, its orders are settled and the rate may change for the next cycles", async () => {
    const afterClose = new Date(closesAt.getTime() + 60_000);
    const fee = await updateFee(w.actors.hub, levy.id, { taxRateBasisPoints: 550 }, afterClose);
    expect(fee.taxRateBasisPoints).toBe(550);
  });
});
