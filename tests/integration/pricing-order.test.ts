// One order through the real checkout with fees at every level, per item and per order: every
// stored line and adjustment to the cent, and the shop shows the same unit prices.
import { asc, eq, inArray } from "drizzle-orm";
import { putIncomingExchange, putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/orders.server";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { getDb } from "#db/connection.server";
import { enterpriseFees, orderAdjustments, orderLines, orders, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, insertFee, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  // Per-item €0.10 fees already sit at every level (hub, Farm A, Farm B, Lake). Per-order fees on top:
  const hubDelivery = await insertFee(w.hub.id, "Hub delivery", "flat_rate", { amountCents: 200 });
  await getDb().update(enterpriseFees).set({ taxRateBasisPoints: 2000 }).where(eq(enterpriseFees.id, hubDelivery.id));
  const crates = await insertFee(w.supplierA.id, "A crates", "flexible", { firstItemCents: 100, additionalItemCents: 20, maxItems: 5 });
  const bags = await insertFee(w.lake.id, "Lake bags", "price_sack", { thresholdCents: 2000, normalCents: 300, discountCents: 100 });
  cycleId = await seedCycle(w, { name: "Priced week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await updateOrderCycle(w.actors.hub, cycleId, { coordinatorFeeIds: [w.fees.hub.id, hubDelivery.id] });
  await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { variantIds: w.variants.a, feeIds: [w.fees.supplierA.id, crates.id] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [], feeIds: [w.fees.lake.id, bags.id] });
});

describe("an order with fees at every level", () => {
  test("stores each line at supplier price + €0.30 per unit and each per-order fee over the items it covers", async () => {
    const orderId = await placeOrder(
      { distributorId: w.lake.id, orderCycleId: cycleId, shippingMethodId: w.methods.lake[0].shipping.id, paymentMethodId: w.methods.lake[0].payment.id, email: "ana@example.org", lines: [{ variantId: w.variants.a[0], quantity: 2 }, { variantId: w.variants.b[0], quantity: 3 }] },
      undefined,
    );
    const lines = await getDb().select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.productName));
    // Carrots 1 kg: 250 + 10 hub + 10 Farm A + 10 Lake = 280; Milk 1 l: 180 + 10 + 10 Farm B + 10 = 210.
    expect(lines.map((line) => [line.productName, line.quantity, line.supplierPriceCents, line.unitPriceCents, line.totalCents])).toEqual([
      ["Carrots", 2, 250, 280, 560],
      ["Milk", 3, 180, 210, 630],
    ]);
    expect(lines[0].fees.map((fee) => [fee.place, fee.enterpriseName, fee.amountCents])).toEqual([
      ["coordinator", "Green Hub", 10],
      ["incoming", "Farm A", 10],
      ["outgoing", "Lake Co-op", 10],
    ]);
    const adjustments = await getDb().select().from(orderAdjustments).where(eq(orderAdjustments.orderId, orderId));
    // Hub delivery: €2.00 flat (20 % tax). A crates: Farm A's 2 items -> 100 + 20. Lake bags: products 2 × 250 + 3 × 180 = 1040 < 2000 -> 300.
    expect(adjustments.map((row) => [row.place, row.enterpriseName, row.label, row.amountCents, row.taxRateBasisPoints]).sort()).toEqual(
      [
        ["coordinator", "Green Hub", "Hub delivery", 200, 2000],
        ["incoming", "Farm A", "A crates", 120, 0],
        ["outgoing", "Lake Co-op", "Lake bags", 300, 0],
      ].sort(),
    );
    const [order] = await getDb().select().from(orders).where(eq(orders.id, orderId));
    expect([order.itemsTotalCents, order.feesTotalCents, order.totalCents]).toEqual([1190, 620, 1810]);
  });

  test("the shop lists the same unit prices", async () => {
    const response = await callRoute(productsRoute, { params: { distributorId: w.lake.id, cycleId }, path: `/api/v1/shops/${w.lake.id}/order-cycles/${cycleId}/products` });
    const { items } = await json(response);
    expect(items.map((item: { variantId: string; priceCents: number }) => [item.variantId, item.priceCents])).toEqual([
      [w.variants.a[0], 280],
      [w.variants.b[0], 210],
    ]);
  });
});
