// The price build-up of docs/domain.md section 4 with worked numbers: shop price per unit (coordinator,
// incoming, outgoing per-item fees, each rounded half up per unit), order adjustments over the items
// each per-order fee applies to, and the tax included per rate. Every expected figure is by hand.
import { describe, expect, it } from "vitest";
import type { Calculator } from "#app/domain/fees/calculators";
import {
  includedTax,
  orderAdjustments,
  priceOrder,
  priceVariant,
  taxIncludedByRate,
  type CyclePricing,
  type FeeDefinition,
  type OrderLineInput,
  type PricedVariantInput,
} from "#app/domain/fees/pricing";

function fee(
  id: string,
  calculator: Calculator,
  options: { enterprise?: string; feeType?: string; tax?: number; followsProduct?: boolean } = {},
): FeeDefinition {
  return {
    id,
    name: id,
    feeType: options.feeType ?? "admin",
    enterpriseId: `${options.enterprise ?? "hub"}-id`,
    enterpriseName: options.enterprise ?? "hub",
    calculator,
    taxRateBasisPoints: options.tax ?? 0,
    taxFollowsProduct: options.followsProduct ?? false,
  };
}

function pricing(parts: { coordinator?: FeeDefinition[]; incoming?: Record<string, FeeDefinition[]>; outgoing?: FeeDefinition[] }): CyclePricing {
  return {
    coordinatorFees: parts.coordinator ?? [],
    incomingFeesBySupplier: new Map(Object.entries(parts.incoming ?? {})),
    outgoingFees: parts.outgoing ?? [],
  };
}

const variant = (variantId: string, supplierId: string, priceCents: number, taxRateBasisPoints = 0, weightGrams: number | null = null): PricedVariantInput => ({
  variantId,
  supplierId,
  priceCents,
  weightGrams,
  taxRateBasisPoints,
});

// The cooperative of the worked example (the same one the integration test places an order in).
const hubMargin = fee("Hub margin", { type: "percent", percent: 7.5 }, { enterprise: "Green Hub", feeType: "sales", followsProduct: true });
const hubAdmin = fee("Hub admin", { type: "flat_rate", amountCents: 150 }, { enterprise: "Green Hub", tax: 2000 });
const aPacking = fee("A packing", { type: "per_item", amountCents: 12 }, { enterprise: "Farm A", feeType: "packing", tax: 1000 });
const aDelivery = fee(
  "A delivery",
  { type: "flexible", firstItemCents: 100, additionalItemCents: 40, maxItems: 6 },
  { enterprise: "Farm A", feeType: "transport", tax: 1000 },
);
const bColdChain = fee("B cold chain", { type: "weight", centsPerKg: 90 }, { enterprise: "Farm B", feeType: "transport", followsProduct: true });
const bCrates = fee(
  "B crates",
  { type: "price_sack", thresholdCents: 2100, normalCents: 120, discountCents: 50 },
  { enterprise: "Farm B", feeType: "packing", tax: 550 },
);
const riverFund = fee("River fund", { type: "percent", percent: 2.5 }, { enterprise: "River Co-op", feeType: "fundraising" });
const riverDelivery = fee("River delivery", { type: "flat_rate", amountCents: 200 }, { enterprise: "River Co-op", feeType: "transport", tax: 2000 });

const river = pricing({
  coordinator: [hubMargin, hubAdmin],
  incoming: { A: [aPacking, aDelivery], B: [bColdChain, bCrates, hubAdmin] },
  outgoing: [riverFund, riverDelivery],
});

const apples = variant("apples", "A", 340, 550, 1250);
const cider = variant("cider", "A", 499, 2000, 1500);
const cheese = variant("cheese", "B", 1099, 550, 250);
const yoghurt = variant("yoghurt", "B", 245, 550, 150);

describe("priceVariant: the shop price of one unit", () => {
  it("is the supplier price plus coordinator, then the supplier's incoming, then the distributor's outgoing per-item fees", () => {
    const priced = priceVariant(apples, river);
    // 7.5% of 340 = 25.5 -> 26; A packing 12; 2.5% of 340 = 8.5 -> 9 (of the supplier price, not of 340 + 26 + 12).
    expect(priced.supplierPriceCents).toBe(340);
    expect(priced.fees.map((line) => [line.name, line.place, line.enterpriseName, line.feeType, line.amountCents])).toEqual([
      ["Hub margin", "coordinator", "Green Hub", "sales", 26],
      ["A packing", "incoming", "Farm A", "packing", 12],
      ["River fund", "outgoing", "River Co-op", "fundraising", 9],
    ]);
    expect(priced.shopPriceCents).toBe(387);
  });

  it("rounds each fee half up to the cent on the unit", () => {
    // Cheese 1099: 7.5% = 82.425 -> 82; 250 g × 90 c/kg = 22.5 -> 23; 2.5% = 27.475 -> 27.
    expect(priceVariant(cheese, river).fees.map((line) => line.amountCents)).toEqual([82, 23, 27]);
    expect(priceVariant(cheese, river).shopPriceCents).toBe(1231);
    // Yoghurt 245: 18.375 -> 18; 150 g × 0.90 = 13.5 -> 14; 6.125 -> 6.
    expect(priceVariant(yoghurt, river).shopPriceCents).toBe(283);
    // Cider 499: 37.425 -> 37; 12; 12.475 -> 12.
    expect(priceVariant(cider, river).shopPriceCents).toBe(560);
  });

  it("applies only the incoming fees of the variant's own supplier", () => {
    const names = priceVariant(cheese, river).fees.map((line) => line.name);
    expect(names).toContain("B cold chain");
    expect(names).not.toContain("A packing");
  });

  it("leaves per-order fees out of the shop price", () => {
    const names = priceVariant(apples, river).fees.map((line) => line.name);
    expect(names).not.toContain("Hub admin");
    expect(names).not.toContain("A delivery");
    expect(names).not.toContain("River delivery");
  });

  it("charges no weight fee on a unit without a weight", () => {
    const priced = priceVariant(variant("loose", "B", 500, 550, null), pricing({ incoming: { B: [bColdChain] } }));
    expect(priced.fees.map((line) => line.amountCents)).toEqual([0]);
    expect(priced.shopPriceCents).toBe(500);
  });

  it("charges a per-item fee attached in two places once per place", () => {
    const perItem = fee("Hub handling", { type: "per_item", amountCents: 15 });
    const priced = priceVariant(apples, pricing({ coordinator: [perItem], incoming: { A: [perItem] }, outgoing: [perItem] }));
    expect(priced.fees.map((line) => [line.place, line.amountCents])).toEqual([
      ["coordinator", 15],
      ["incoming", 15],
      ["outgoing", 15],
    ]);
    expect(priced.shopPriceCents).toBe(385);
  });

  it("gives a fee that follows the product the product's tax rate, and any other fee its own", () => {
    const rates = (input: PricedVariantInput) => priceVariant(input, river).fees.map((line) => [line.name, line.taxRateBasisPoints]);
    expect(rates(apples)).toEqual([
      ["Hub margin", 550],
      ["A packing", 1000],
      ["River fund", 0],
    ]);
    expect(rates(cider)).toEqual([
      ["Hub margin", 2000],
      ["A packing", 1000],
      ["River fund", 0],
    ]);
  });

  it("rounds a 12.5% fee and a weight fee half up on a 333-cent bag of 1.5 kg", () => {
    const carrots = variant("carrots", "A", 333, 550, 1500);
    const priced = priceVariant(
      carrots,
      pricing({
        coordinator: [fee("twelve and a half", { type: "percent", percent: 12.5 })], // 41.625 -> 42
        incoming: { A: [fee("by weight", { type: "weight", centsPerKg: 15 })] }, // 1.5 × 15 = 22.5 -> 23
        outgoing: [fee("flat", { type: "per_item", amountCents: 50 })],
      }),
    );
    expect(priced.fees.map((line) => [line.place, line.amountCents])).toEqual([
      ["coordinator", 42],
      ["incoming", 23],
      ["outgoing", 50],
    ]);
    expect(priced.shopPriceCents).toBe(448);
  });

  it("is the supplier price alone when no fee applies", () => {
    expect(priceVariant(apples, pricing({})).shopPriceCents).toBe(340);
  });
});

describe("priceOrder: lines at unit shop price × quantity", () => {
  it("rounds per unit before multiplying: 3 apples pay 3 × 26 of hub margin, not 76.5 rounded", () => {
    const order = priceOrder([{ variant: apples, quantity: 3 }], pricing({ coordinator: [hubMargin] }));
    // Unit: 340 + 26 = 366; line 3 × 366 = 1098 (rounding 3 × 25.5 = 76.5 would give 1097).
    expect(order.lines.map((line) => [line.unitPriceCents, line.totalCents])).toEqual([[366, 1098]]);
    expect(order.totalCents).toBe(1098);
  });

  it("prices the worked River order: lines, adjustments, totals and tax per rate", () => {
    const lines: OrderLineInput[] = [
      { variant: apples, quantity: 3 },
      { variant: cider, quantity: 2 },
      { variant: cheese, quantity: 1 },
      { variant: yoghurt, quantity: 4 },
    ];
    const order = priceOrder(lines, river);
    expect(order.lines.map((line) => [line.variantId, line.quantity, line.unitPriceCents, line.totalCents])).toEqual([
      ["apples", 3, 387, 1161],
      ["cider", 2, 560, 1120],
      ["cheese", 1, 1231, 1231],
      ["yoghurt", 4, 283, 1132],
    ]);
    expect(order.adjustments.map((adjustment) => [adjustment.label, adjustment.place, adjustment.amountCents, adjustment.taxRateBasisPoints])).toEqual([
      ["Hub admin", "coordinator", 150, 2000],
      ["A delivery", "incoming", 260, 1000], // 5 of A's items: 100 + 4 × 40 (over the whole order's 10 it would be 300)
      ["B crates", "incoming", 120, 550], // B at supplier prices 1099 + 4 × 245 = 2079 < 2100 (at shop prices 2363 would be 50)
      ["Hub admin", "incoming", 150, 2000], // the same fee in a second place is charged again
      ["River delivery", "outgoing", 200, 2000],
    ]);
    expect(order.itemsTotalCents).toBe(4644);
    expect(order.feesTotalCents).toBe(880);
    expect(order.totalCents).toBe(5524);
    // Gross per rate: 5.5% 3530, 10% 320, 20% 1572, 0% 102 (= 5524).
    // 3530 × 550 / 10550 = 184.03 -> 184; 320 / 11 = 29.09 -> 29; 1572 / 6 = 262.
    expect(order.taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 184 },
      { rateBasisPoints: 1000, taxCents: 29 },
      { rateBasisPoints: 2000, taxCents: 262 },
    ]);
  });

  it("taxes products at their rate and fees at theirs: 3 bags of carrots and 2 of milk with a 10% fee and a flat delivery", () => {
    const carrots = variant("carrots", "A", 333, 550);
    const milk = variant("milk", "B", 180, 550);
    const order = priceOrder(
      [
        { variant: carrots, quantity: 3 },
        { variant: milk, quantity: 2 },
      ],
      pricing({
        coordinator: [fee("ten", { type: "percent", percent: 10 }, { tax: 2000 })], // 33.3 -> 33 a bag of carrots, 18 a bottle of milk
        outgoing: [fee("delivery", { type: "flat_rate", amountCents: 250 }, { tax: 2000 })],
      }),
    );
    expect(order.lines.map((line) => [line.unitPriceCents, line.totalCents])).toEqual([
      [366, 1098],
      [198, 396],
    ]);
    expect([order.itemsTotalCents, order.feesTotalCents, order.totalCents]).toEqual([1494, 250, 1744]);
    // 5.5%: 3 × 333 + 2 × 180 = 1359 -> 1359 × 550 / 10550 = 70.85 -> 71. 20%: 3 × 33 + 2 × 18 + 250 = 385 -> 64.17 -> 64.
    expect(order.taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 71 },
      { rateBasisPoints: 2000, taxCents: 64 },
    ]);
  });

  it("names the supplier an incoming per-order fee covers, so the same fee on two suppliers reads as two charges", () => {
    const coldChain = fee("cold", { type: "flat_rate", amountCents: 150 });
    const named = (input: PricedVariantInput, supplierName: string) => ({ ...input, supplierName });
    const adjustments = orderAdjustments(
      [
        { variant: named(apples, "Farm A"), quantity: 1 },
        { variant: named(cheese, "Farm B"), quantity: 1 },
      ],
      pricing({ coordinator: [coldChain], incoming: { A: [coldChain], B: [coldChain] } }),
    );
    expect(adjustments.map((adjustment) => [adjustment.place, adjustment.supplierName, adjustment.amountCents])).toEqual([
      ["coordinator", "", 150],
      ["incoming", "Farm A", 150],
      ["incoming", "Farm B", 150],
    ]);
  });

  it("adds the chosen shipping method's fee as an adjustment and to the total; a free pickup adds nothing", () => {
    const lines: OrderLineInput[] = [{ variant: apples, quantity: 3 }];
    const without = priceOrder(lines, river);
    const delivered = priceOrder(lines, river, { name: "Home delivery", feeCents: 500, taxRateBasisPoints: 0 });
    expect(delivered.adjustments.at(-1)).toMatchObject({ label: "Home delivery", place: "shipping", amountCents: 500, taxRateBasisPoints: 0 });
    expect([delivered.feesTotalCents, delivered.totalCents]).toEqual([without.feesTotalCents + 500, without.totalCents + 500]);
    expect(priceOrder(lines, river, { name: "Barn pickup", feeCents: 0, taxRateBasisPoints: 0 })).toEqual(without);
  });

  it("the shipping adjustment carries the method's tax rate, and its tax is counted at that rate", () => {
    const lines: OrderLineInput[] = [{ variant: apples, quantity: 3 }];
    const without = priceOrder(lines, river);
    const delivered = priceOrder(lines, river, { name: "Home delivery", feeCents: 600, taxRateBasisPoints: 2000 });
    expect(delivered.adjustments.at(-1)).toMatchObject({ place: "shipping", amountCents: 600, taxRateBasisPoints: 2000 });
    const at20 = (order: typeof without) => order.taxByRate.find((part) => part.rateBasisPoints === 2000)?.taxCents ?? 0;
    // 600 including 20 %: 100 of tax.
    expect(at20(delivered) - at20(without)).toBe(100);
  });

  it("prices an empty order at zero with no adjustment", () => {
    const order = priceOrder([], river);
    expect(order).toMatchObject({ lines: [], adjustments: [], itemsTotalCents: 0, feesTotalCents: 0, totalCents: 0, taxByRate: [] });
  });
});

describe("orderAdjustments: per-order fees over the items they apply to", () => {
  const flexible = (id: string) => fee(id, { type: "flexible", firstItemCents: 100, additionalItemCents: 10, maxItems: 50 });
  const lines: OrderLineInput[] = [
    { variant: apples, quantity: 2 },
    { variant: cider, quantity: 1 },
    { variant: cheese, quantity: 4 },
  ];

  it("counts a coordinator fee over the whole order, an incoming fee over its supplier's items, an outgoing fee over all items", () => {
    const adjustments = orderAdjustments(
      lines,
      pricing({ coordinator: [flexible("hub")], incoming: { A: [flexible("a")], B: [flexible("b")] }, outgoing: [flexible("shop")] }),
    );
    expect(adjustments.map((adjustment) => [adjustment.feeId, adjustment.place, adjustment.amountCents])).toEqual([
      ["hub", "coordinator", 160], // 7 items: 100 + 6 × 10
      ["a", "incoming", 120], // 3 of A's: 100 + 2 × 10
      ["b", "incoming", 130], // 4 of B's: 100 + 3 × 10
      ["shop", "outgoing", 160], // 7 items
    ]);
  });

  it("caps a flexible fee at its max items", () => {
    const capped = fee("capped", { type: "flexible", firstItemCents: 100, additionalItemCents: 10, maxItems: 3 });
    expect(orderAdjustments(lines, pricing({ coordinator: [capped] })).map((adjustment) => adjustment.amountCents)).toEqual([120]);
  });

  it("decides a price sack on the supplier-price subtotal of the fee's items: below the threshold normal, at it discount", () => {
    const sack = (threshold: number) => fee("sack", { type: "price_sack", thresholdCents: threshold, normalCents: 300, discountCents: 100 });
    // A's items at supplier prices: 2 × 340 + 499 = 1179.
    expect(orderAdjustments(lines, pricing({ incoming: { A: [sack(1180)] } }))[0].amountCents).toBe(300);
    expect(orderAdjustments(lines, pricing({ incoming: { A: [sack(1179)] } }))[0].amountCents).toBe(100);
    // Whole order: 1179 + 4 × 1099 = 5575.
    expect(orderAdjustments(lines, pricing({ outgoing: [sack(5576)] }))[0].amountCents).toBe(300);
    expect(orderAdjustments(lines, pricing({ outgoing: [sack(5575)] }))[0].amountCents).toBe(100);
  });

  it("charges a flat rate once per order, whatever the quantity", () => {
    expect(orderAdjustments(lines, pricing({ coordinator: [hubAdmin] })).map((adjustment) => adjustment.amountCents)).toEqual([150]);
  });

  it("charges no incoming fee of a supplier with nothing in the order, and ignores zero quantities", () => {
    const adjustments = orderAdjustments(
      [
        { variant: apples, quantity: 1 },
        { variant: cheese, quantity: 0 },
      ],
      pricing({ coordinator: [flexible("hub")], incoming: { A: [flexible("a")], B: [flexible("b")] } }),
    );
    expect(adjustments.map((adjustment) => [adjustment.feeId, adjustment.amountCents])).toEqual([
      ["hub", 100],
      ["a", 100],
    ]);
  });

  it("makes no adjustment from a per-item fee, and none for an order without items", () => {
    expect(orderAdjustments(lines, pricing({ coordinator: [hubMargin], incoming: { A: [aPacking] }, outgoing: [riverFund] }))).toEqual([]);
    expect(orderAdjustments([], pricing({ coordinator: [hubAdmin], outgoing: [riverDelivery] }))).toEqual([]);
  });

  it("keeps a per-order fee's own tax rate and carries its enterprise, type and name as label", () => {
    const [adjustment] = orderAdjustments(lines, pricing({ outgoing: [riverDelivery] }));
    expect(adjustment).toMatchObject({ label: "River delivery", enterpriseName: "River Co-op", feeType: "transport", taxRateBasisPoints: 2000 });
  });
});

describe("tax included in prices", () => {
  it("is amount × rate / (1 + rate), rounded half up", () => {
    expect(includedTax(1200, 2000)).toBe(200);
    expect(includedTax(675, 2000)).toBe(113); // 112.5
    expect(includedTax(3, 2000)).toBe(1); // 0.5
    expect(includedTax(2, 2000)).toBe(0); // 0.33
    expect(includedTax(1055, 550)).toBe(55);
    expect(includedTax(500, 0)).toBe(0);
    expect(includedTax(0, 2000)).toBe(0);
  });

  it("rounds exactly even on totals far beyond one order", () => {
    // 664,709,286,369 × 8421 / 18421 = 303,866,071,359 + 9210/18421 (0.49997): rounds down.
    expect(includedTax(664_709_286_369, 8421)).toBe(303_866_071_359);
  });

  it("is summed per rate before rounding, rates ascending, zero rate left out", () => {
    // Two parts of 3 cents at 20%: 0.5 each would round to 1 + 1; together 6 / 6 = 1.
    expect(
      taxIncludedByRate([
        { rateBasisPoints: 2000, grossCents: 3 },
        { rateBasisPoints: 0, grossCents: 400 },
        { rateBasisPoints: 550, grossCents: 1055 },
        { rateBasisPoints: 2000, grossCents: 3 },
      ]),
    ).toEqual([
      { rateBasisPoints: 550, taxCents: 55 },
      { rateBasisPoints: 2000, taxCents: 1 },
    ]);
  });

  it("taxes a per-item fee that follows the product at each product's rate", () => {
    // Apples (5.5%) and cider (20%), one each, with only the hub margin that follows the product.
    const order = priceOrder(
      [
        { variant: apples, quantity: 1 },
        { variant: cider, quantity: 1 },
      ],
      pricing({ coordinator: [hubMargin] }),
    );
    // 5.5%: 340 + 26 = 366 -> 366 × 550 / 10550 = 19.08 -> 19; 20%: 499 + 37 = 536 -> 89.33 -> 89.
    expect(order.taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 19 },
      { rateBasisPoints: 2000, taxCents: 89 },
    ]);
  });
});
