// Orders through the real checkout (placeOrder) in a cycle with two suppliers, two distributors and
// fees at every level — coordinator, incoming per supplier, outgoing per distributor; per item and
// per order; own tax rates and "same as the product" — checked to the cent in orders, order_lines
// and order_adjustments, and against what the shop API shows. Every expected figure is by hand.
import { asc, eq } from "drizzle-orm";
import { createFee } from "#app/domain/fees/fees.server";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { orderSummary } from "#app/domain/orders/summary.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { getDb } from "#db/connection.server";
import { orderAdjustments, orderLines, orders, products } from "#db/schema";
import { coopPlus, insertGrant, insertProduct, minuteFromNow, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
const v = { apples: "", cider: "", cheese: "", yoghurt: "" };

/** A one-variant product with its tax rate (basis points) and weight. */
async function product(supplierId: string, name: string, variantName: string, priceCents: number, taxRateBasisPoints: number, weightGrams: number) {
  const { product: row, variants } = await insertProduct(supplierId, name, [{ name: variantName, priceCents, stock: 50, weightGrams }]);
  await getDb().update(products).set({ taxRateBasisPoints }).where(eq(products.id, row.id));
  return variants[0].id;
}

beforeAll(async () => {
  w = await coopPlus();
  await insertGrant(w.supplierB.id, w.distributor.id); // so River may sell Farm B's products too

  v.apples = await product(w.supplierA.id, "Apples", "1 kg", 340, 550, 1250);
  v.cider = await product(w.supplierA.id, "Cider", "75 cl", 499, 2000, 1500);
  v.cheese = await product(w.supplierB.id, "Cheese", "Wedge", 1099, 550, 250);
  v.yoghurt = await product(w.supplierB.id, "Yoghurt", "Pot", 245, 550, 150);

  const fee = async (actor: keyof CoopPlus["actors"], enterpriseId: string, input: Record<string, unknown>) =>
    (await createFee(w.actors[actor], enterpriseId, input)).id;
  // Coordinator (Green Hub): a per-item percent following the product's rate, a per-order flat rate at 20 %.
  const hubMargin = await fee("hub", w.hub.id, {
    name: "Hub margin",
    feeType: "sales",
    taxFollowsProduct: true,
    calculator: { type: "percent", percent: 7.5 },
  });
  const hubAdmin = await fee("hub", w.hub.id, {
    name: "Hub admin",
    feeType: "admin",
    taxRateBasisPoints: 2000,
    calculator: { type: "flat_rate", amountCents: 150 },
  });
  // Incoming Farm A: per item at 10 %, a flexible per-order fee at 10 %.
  const aPacking = await fee("supplierA", w.supplierA.id, {
    name: "A packing",
    feeType: "packing",
    taxRateBasisPoints: 1000,
    calculator: { type: "per_item", amountCents: 12 },
  });
  const aDelivery = await fee("supplierA", w.supplierA.id, {
    name: "A delivery",
    feeType: "transport",
    taxRateBasisPoints: 1000,
    calculator: { type: "flexible", firstItemCents: 100, additionalItemCents: 40, maxItems: 6 },
  });
  // Incoming Farm B: by weight following the product, a price sack at 5.5 %; and the hub's flat fee a second time.
  const bColdChain = await fee("supplierB", w.supplierB.id, {
    name: "B cold chain",
    feeType: "transport",
    taxFollowsProduct: true,
    calculator: { type: "weight", centsPerKg: 90 },
  });
  const bCrates = await fee("supplierB", w.supplierB.id, {
    name: "B crates",
    feeType: "packing",
    taxRateBasisPoints: 550,
    calculator: { type: "price_sack", thresholdCents: 2100, normalCents: 120, discountCents: 50 },
  });
  // Outgoing River: a percent at 0 %, a flat per order at 20 %.
  const riverFund = await fee("distributor", w.distributor.id, { name: "River fund", feeType: "fundraising", calculator: { type: "percent", percent: 2.5 } });
  const riverDelivery = await fee("distributor", w.distributor.id, {
    name: "River delivery",
    feeType: "transport",
    taxRateBasisPoints: 2000,
    calculator: { type: "flat_rate", amountCents: 200 },
  });
  // Outgoing Lake: per item at 20 %, a price sack at 20 %.
  const lakeFund = await fee("lake", w.lake.id, {
    name: "Lake fund",
    feeType: "fundraising",
    taxRateBasisPoints: 2000,
    calculator: { type: "per_item", amountCents: 25 },
  });
  const lakeVan = await fee("lake", w.lake.id, {
    name: "Lake van",
    feeType: "transport",
    taxRateBasisPoints: 2000,
    calculator: { type: "price_sack", thresholdCents: 2000, normalCents: 300, discountCents: 100 },
  });

  const hub = w.actors.hub;
  cycleId = await createOrderCycle(hub, {
    name: "Priced week",
    coordinatorId: w.hub.id,
    opensAt: minuteFromNow(-60).toISOString(),
    closesAt: minuteFromNow(24 * 60).toISOString(),
    coordinatorFeeIds: [hubMargin, hubAdmin],
  });
  await putIncomingExchange(hub, cycleId, w.supplierA.id, { variantIds: [v.apples, v.cider], feeIds: [aPacking, aDelivery] });
  await putIncomingExchange(hub, cycleId, w.supplierB.id, { variantIds: [v.cheese, v.yoghurt], feeIds: [bColdChain, bCrates, hubAdmin] });
  await putOutgoingExchange(hub, cycleId, w.distributor.id, {
    variantIds: [v.apples, v.cider, v.cheese, v.yoghurt],
    feeIds: [riverFund, riverDelivery],
    readyFor: "Friday river",
    tags: [],
  });
  await putOutgoingExchange(hub, cycleId, w.lake.id, { variantIds: [v.apples, v.cheese], feeIds: [lakeFund, lakeVan], readyFor: "Saturday lake", tags: [] });
});

type Fee = [name: string, place: string, enterpriseName: string, feeType: string, amountCents: number, taxRateBasisPoints: number];

// Per-unit breakdowns, each fee rounded half up on the unit.
const RIVER: Record<keyof typeof v, { supplierPrice: number; fees: Fee[]; shopPrice: number }> = {
  // 7.5 % of 340 = 25.5 -> 26 (at 5.5 %, the product's); 12; 2.5 % of 340 = 8.5 -> 9.
  apples: {
    supplierPrice: 340,
    shopPrice: 387,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 26, 550],
      ["A packing", "incoming", "Farm A", "packing", 12, 1000],
      ["River fund", "outgoing", "River Co-op", "fundraising", 9, 0],
    ],
  },
  // 37.425 -> 37 (at 20 %, the product's); 12; 12.475 -> 12.
  cider: {
    supplierPrice: 499,
    shopPrice: 560,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 37, 2000],
      ["A packing", "incoming", "Farm A", "packing", 12, 1000],
      ["River fund", "outgoing", "River Co-op", "fundraising", 12, 0],
    ],
  },
  // 82.425 -> 82; 250 g × 90 c/kg = 22.5 -> 23; 27.475 -> 27.
  cheese: {
    supplierPrice: 1099,
    shopPrice: 1231,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 82, 550],
      ["B cold chain", "incoming", "Farm B", "transport", 23, 550],
      ["River fund", "outgoing", "River Co-op", "fundraising", 27, 0],
    ],
  },
  // 18.375 -> 18; 150 g × 90 c/kg = 13.5 -> 14; 6.125 -> 6.
  yoghurt: {
    supplierPrice: 245,
    shopPrice: 283,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 18, 550],
      ["B cold chain", "incoming", "Farm B", "transport", 14, 550],
      ["River fund", "outgoing", "River Co-op", "fundraising", 6, 0],
    ],
  },
};
const LAKE: Record<"apples" | "cheese", { supplierPrice: number; fees: Fee[]; shopPrice: number }> = {
  apples: {
    supplierPrice: 340,
    shopPrice: 403,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 26, 550],
      ["A packing", "incoming", "Farm A", "packing", 12, 1000],
      ["Lake fund", "outgoing", "Lake Co-op", "fundraising", 25, 2000],
    ],
  },
  cheese: {
    supplierPrice: 1099,
    shopPrice: 1229,
    fees: [
      ["Hub margin", "coordinator", "Green Hub", "sales", 82, 550],
      ["B cold chain", "incoming", "Farm B", "transport", 23, 550],
      ["Lake fund", "outgoing", "Lake Co-op", "fundraising", 25, 2000],
    ],
  },
};

async function shopList(distributorId: string) {
  const response = await callRoute(productsRoute, {
    params: { distributorId, cycleId },
    path: `/api/v1/shops/${distributorId}/order-cycles/${cycleId}/products`,
  });
  expect(response.status).toBe(200);
  const body = await json<{
    items: {
      variantId: string;
      productName: string;
      supplierName: string;
      priceCents: number;
      fees: { enterpriseName: string; feeType: string; name: string; amountCents: number }[];
    }[];
  }>(response);
  return body.items;
}

async function place(distributorId: string, methods: { shipping: { id: string }; payment: { id: string } }, lines: { variantId: string; quantity: number }[]) {
  const buyer = await createUser({ name: "Priced buyer" });
  return placeOrder(
    { distributorId, orderCycleId: cycleId, shippingMethodId: methods.shipping.id, paymentMethodId: methods.payment.id, lines },
    { userId: buyer.id, email: buyer.email, name: buyer.name },
  );
}

async function stored(orderId: string) {
  const db = getDb();
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.productName));
  const adjustments = await db.select().from(orderAdjustments).where(eq(orderAdjustments.orderId, orderId));
  return { order, lines, adjustments };
}

const feeRows = (fees: Record<string, unknown>[]) =>
  fees.map((fee) => [fee.name, fee.place, fee.enterpriseName, fee.feeType, fee.amountCents, fee.taxRateBasisPoints]);
const adjustmentRows = (rows: { label: string; place: string; enterpriseName: string; feeType: string; amountCents: number; taxRateBasisPoints: number }[]) =>
  rows
    .map((row) => [row.label, row.place, row.enterpriseName, row.feeType, row.amountCents, row.taxRateBasisPoints])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("the shop shows each unit's price and its breakdown", () => {
  test("River lists the shop price per unit with coordinator, incoming and outgoing per-item fees, rounded per unit", async () => {
    const items = await shopList(w.distributor.id);
    expect(items.map((item) => [item.supplierName, item.productName, item.variantId, item.priceCents])).toEqual([
      ["Farm A", "Apples", v.apples, 387],
      ["Farm A", "Cider", v.cider, 560],
      ["Farm B", "Cheese", v.cheese, 1231],
      ["Farm B", "Yoghurt", v.yoghurt, 283],
    ]);
    for (const item of items) {
      const key = (Object.keys(v) as (keyof typeof v)[]).find((name) => v[name] === item.variantId)!;
      expect(item.fees.map((fee) => [fee.name, fee.enterpriseName, fee.feeType, fee.amountCents])).toEqual(
        RIVER[key].fees.map(([name, , enterprise, type, amount]) => [name, enterprise, type, amount]),
      );
      // The breakdown sums to the price shown.
      expect(RIVER[key].supplierPrice + item.fees.reduce((total, fee) => total + fee.amountCents, 0)).toBe(item.priceCents);
    }
  });

  test("Lake lists the same products with its own outgoing fee instead of River's", async () => {
    const items = await shopList(w.lake.id);
    expect(
      items.map((item) => [item.variantId, item.priceCents, item.fees.map((fee) => [fee.name, fee.enterpriseName, fee.feeType, fee.amountCents])]),
    ).toEqual([
      [v.apples, 403, LAKE.apples.fees.map(([name, , enterprise, type, amount]) => [name, enterprise, type, amount])],
      [v.cheese, 1229, LAKE.cheese.fees.map(([name, , enterprise, type, amount]) => [name, enterprise, type, amount])],
    ]);
  });
});

describe("an order at River: two suppliers, fees at every level", () => {
  test("stores every line, every per-item fee, every adjustment and the totals to the cent, as the shop showed them", async () => {
    const shown = new Map((await shopList(w.distributor.id)).map((item) => [item.variantId, item]));
    const orderId = await place(w.distributor.id, w.methods.distributor, [
      { variantId: v.apples, quantity: 3 },
      { variantId: v.cider, quantity: 2 },
      { variantId: v.cheese, quantity: 1 },
      { variantId: v.yoghurt, quantity: 4 },
    ]);
    const { order, lines, adjustments } = await stored(orderId);

    // Unit price × quantity: 3 × 387 (not 3 × 340 + 3 × 25.5 rounded once), 2 × 560, 1 × 1231, 4 × 283.
    expect(
      lines.map((line) => [line.productName, line.quantity, line.supplierPriceCents, line.unitPriceCents, line.totalCents, line.taxRateBasisPoints]),
    ).toEqual([
      ["Apples", 3, 340, 387, 1161, 550],
      ["Cheese", 1, 1099, 1231, 1231, 550],
      ["Cider", 2, 499, 560, 1120, 2000],
      ["Yoghurt", 4, 245, 283, 1132, 550],
    ]);
    expect(lines.map((line) => line.supplierId)).toEqual([w.supplierA.id, w.supplierB.id, w.supplierA.id, w.supplierB.id]);
    for (const [name, key] of [
      ["Apples", "apples"],
      ["Cheese", "cheese"],
      ["Cider", "cider"],
      ["Yoghurt", "yoghurt"],
    ] as const) {
      const line = lines.find((row) => row.productName === name)!;
      expect(feeRows(line.fees)).toEqual(RIVER[key].fees);
      // The price paid is the price seen, fee by fee.
      expect(line.unitPriceCents).toBe(shown.get(v[key])!.priceCents);
      expect(line.fees.map((fee) => fee.amountCents)).toEqual(shown.get(v[key])!.fees.map((fee) => fee.amountCents));
    }

    expect(adjustmentRows(adjustments)).toEqual(
      adjustmentRows([
        // Coordinator flat rate, once for the whole order.
        { label: "Hub admin", place: "coordinator", enterpriseName: "Green Hub", feeType: "admin", amountCents: 150, taxRateBasisPoints: 2000 },
        // Farm A's 5 items: 100 + 4 × 40 = 260 (the whole order's 10 items would make 300).
        { label: "A delivery", place: "incoming", enterpriseName: "Farm A", feeType: "transport", amountCents: 260, taxRateBasisPoints: 1000 },
        // Farm B at supplier prices: 1099 + 4 × 245 = 2079 < 2100 -> normal 120 (at shop prices, 2363, it would be 50).
        { label: "B crates", place: "incoming", enterpriseName: "Farm B", feeType: "packing", amountCents: 120, taxRateBasisPoints: 550 },
        // The hub's flat fee attached to Farm B's exchange too: charged once more, for that place.
        { label: "Hub admin", place: "incoming", enterpriseName: "Green Hub", feeType: "admin", amountCents: 150, taxRateBasisPoints: 2000 },
        { label: "River delivery", place: "outgoing", enterpriseName: "River Co-op", feeType: "transport", amountCents: 200, taxRateBasisPoints: 2000 },
      ]),
    );
    expect(adjustments.every((row) => row.feeId !== null)).toBe(true);

    // 1161 + 1120 + 1231 + 1132 = 4644; 150 + 260 + 120 + 150 + 200 = 880.
    expect([order.itemsTotalCents, order.feesTotalCents, order.totalCents]).toEqual([4644, 880, 5524]);
    expect(order.state).toBe("placed");

    // Tax included, per rate, from what was stored. Gross: 5.5 % 3530; 10 % 320; 20 % 1572; 0 % 102.
    // 3530 × 550 / 10550 = 184.03 -> 184; 320 × 1000 / 11000 = 29.09 -> 29; 1572 × 2000 / 12000 = 262.
    expect((await orderSummary(orderId)).taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 184 },
      { rateBasisPoints: 1000, taxCents: 29 },
      { rateBasisPoints: 2000, taxCents: 262 },
    ]);
  });
});

describe("an order at Lake: the other distributor's fees", () => {
  test("stores Lake's per-item fee in each unit price and its price sack over Lake's items at supplier prices", async () => {
    const shown = new Map((await shopList(w.lake.id)).map((item) => [item.variantId, item]));
    const orderId = await place(w.lake.id, w.methods.lake[0], [
      { variantId: v.apples, quantity: 2 },
      { variantId: v.cheese, quantity: 1 },
    ]);
    const { order, lines, adjustments } = await stored(orderId);

    expect(lines.map((line) => [line.productName, line.quantity, line.supplierPriceCents, line.unitPriceCents, line.totalCents])).toEqual([
      ["Apples", 2, 340, 403, 806],
      ["Cheese", 1, 1099, 1229, 1229],
    ]);
    expect(feeRows(lines[0].fees)).toEqual(LAKE.apples.fees);
    expect(feeRows(lines[1].fees)).toEqual(LAKE.cheese.fees);
    expect(lines.map((line) => line.unitPriceCents)).toEqual([shown.get(v.apples)!.priceCents, shown.get(v.cheese)!.priceCents]);

    expect(adjustmentRows(adjustments)).toEqual(
      adjustmentRows([
        { label: "Hub admin", place: "coordinator", enterpriseName: "Green Hub", feeType: "admin", amountCents: 150, taxRateBasisPoints: 2000 },
        // Farm A's 2 items: 100 + 40.
        { label: "A delivery", place: "incoming", enterpriseName: "Farm A", feeType: "transport", amountCents: 140, taxRateBasisPoints: 1000 },
        // Farm B: 1099 < 2100 -> 120.
        { label: "B crates", place: "incoming", enterpriseName: "Farm B", feeType: "packing", amountCents: 120, taxRateBasisPoints: 550 },
        { label: "Hub admin", place: "incoming", enterpriseName: "Green Hub", feeType: "admin", amountCents: 150, taxRateBasisPoints: 2000 },
        // Lake's items at supplier prices: 2 × 340 + 1099 = 1779 < 2000 -> normal 300 (at shop prices, 2035, it would be 100).
        { label: "Lake van", place: "outgoing", enterpriseName: "Lake Co-op", feeType: "transport", amountCents: 300, taxRateBasisPoints: 2000 },
      ]),
    );
    // No River fee in a Lake order.
    expect(adjustments.some((row) => row.enterpriseName === "River Co-op")).toBe(false);

    // 806 + 1229 = 2035; 150 + 140 + 120 + 150 + 300 = 860.
    expect([order.itemsTotalCents, order.feesTotalCents, order.totalCents]).toEqual([2035, 860, 2895]);
    // Gross: 5.5 % 2056; 10 % 164; 20 % 675 (= 2895). 107.19 -> 107; 14.91 -> 15; 112.5 -> 113 (half up).
    expect((await orderSummary(orderId)).taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 107 },
      { rateBasisPoints: 1000, taxCents: 15 },
      { rateBasisPoints: 2000, taxCents: 113 },
    ]);
  });
});
