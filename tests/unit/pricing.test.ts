// The price build-up with worked numbers (domain.md section 4): supplier price, then coordinator,
// incoming and outgoing per-item fees rounded per unit; per-order fees over the items they cover.
import { describe, expect, it } from "vitest";
import type { Calculator } from "#app/domain/fees/calculators";
import { includedTax, orderAdjustments, priceOrder, priceVariant, taxIncludedByRate, type CyclePricing, type FeeDefinition } from "#app/domain/fees/pricing";

let nextId = 0;
function fee(calculator: Calculator, extra: Partial<FeeDefinition> = {}): FeeDefinition {
  nextId += 1;
  return { id: `fee-${nextId}`, name: `Fee ${nextId}`, feeType: "admin", enterpriseId: "e", enterpriseName: "Hub", calculator, taxRateBasisPoints: 0, taxFollowsProduct: false, ...extra };
}

const carrots = { variantId: "carrots", supplierId: "farm-a", priceCents: 333, weightGrams: 1500, taxRateBasisPoints: 550 };
const milk = { variantId: "milk", supplierId: "farm-b", priceCents: 180, weightGrams: 1000, taxRateBasisPoints: 550 };

describe("priceVariant", () => {
  it("adds coordinator, the supplier's incoming and the distributor's outgoing per-item fees, each rounded half up per unit", () => {
    const pricing: CyclePricing = {
      coordinatorFees: [fee({ type: "percent", percent: 12.5 })], // 12.5 % of 333 = 41.625 -> 42
      incomingFeesBySupplier: new Map([["farm-a", [fee({ type: "weight", centsPerKg: 15 })]]]), // 1.5 kg × 15 = 22.5 -> 23
      outgoingFees: [fee({ type: "per_item", amountCents: 50 })],
    };
    const priced = priceVariant(carrots, pricing);
    expect(priced.fees.map((line) => [line.place, line.amountCents])).toEqual([["coordinator", 42], ["incoming", 23], ["outgoing", 50]]);
    expect(priced.shopPriceCents).toBe(333 + 42 + 23 + 50);
  });

  it("leaves per-order fees out of the unit price and applies incoming fees only to that supplier's products", () => {
    const pricing: CyclePricing = {
      coordinatorFees: [fee({ type: "flat_rate", amountCents: 300 })],
      incomingFeesBySupplier: new Map([["farm-a", [fee({ type: "per_item", amountCents: 20 })]]]),
      outgoingFees: [],
    };
    expect(priceVariant(milk, pricing).shopPriceCents).toBe(180);
    expect(priceVariant(carrots, pricing).shopPriceCents).toBe(353);
  });

  it("lets a per-item fee follow the product's tax rate, and keeps its own rate otherwise", () => {
    const pricing: CyclePricing = {
      coordinatorFees: [fee({ type: "per_item", amountCents: 10 }, { taxFollowsProduct: true, taxRateBasisPoints: 2000 }), fee({ type: "per_item", amountCents: 10 }, { taxRateBasisPoints: 2000 })],
      incomingFeesBySupplier: new Map(),
      outgoingFees: [],
    };
    expect(priceVariant(carrots, pricing).fees.map((line) => line.taxRateBasisPoints)).toEqual([550, 2000]);
  });
});

describe("orderAdjustments", () => {
  it("counts a coordinator fee over the whole order, an incoming fee over its supplier's items, an outgoing fee over all", () => {
    const pricing: CyclePricing = {
      coordinatorFees: [fee({ type: "flexible", firstItemCents: 100, additionalItemCents: 50, maxItems: 10 })],
      incomingFeesBySupplier: new Map([["farm-b", [fee({ type: "flexible", firstItemCents: 200, additionalItemCents: 10, maxItems: 3 })]]]),
      outgoingFees: [fee({ type: "price_sack", thresholdCents: 2000, normalCents: 500, discountCents: 0 })],
    };
    const lines = [{ variant: carrots, quantity: 3 }, { variant: milk, quantity: 5 }];
    const adjustments = orderAdjustments(lines, pricing);
    // Coordinator: 8 items -> 100 + 7 × 50 = 450. Farm B: 5 items, capped at 3 -> 200 + 2 × 10 = 220.
    // Outgoing: subtotal 3 × 333 + 5 × 180 = 1899 < 2000 -> 500.
    expect(adjustments.map((adjustment) => [adjustment.place, adjustment.amountCents])).toEqual([["coordinator", 450], ["incoming", 220], ["outgoing", 500]]);
  });

  it("charges nothing for a supplier with no items in the order", () => {
    const pricing: CyclePricing = { coordinatorFees: [], incomingFeesBySupplier: new Map([["farm-b", [fee({ type: "flat_rate", amountCents: 300 })]]]), outgoingFees: [] };
    expect(orderAdjustments([{ variant: carrots, quantity: 2 }], pricing)).toEqual([]);
  });
});

describe("priceOrder and tax", () => {
  it("multiplies the rounded unit price by the quantity and sums tax included per rate", () => {
    const pricing: CyclePricing = {
      coordinatorFees: [fee({ type: "percent", percent: 10 }, { taxRateBasisPoints: 2000 })], // 33.3 -> 33 per carrot bag, 18 per milk
      incomingFeesBySupplier: new Map(),
      outgoingFees: [fee({ type: "flat_rate", amountCents: 250 }, { taxRateBasisPoints: 2000 })],
    };
    const order = priceOrder([{ variant: carrots, quantity: 3 }, { variant: milk, quantity: 2 }], pricing);
    expect(order.lines.map((line) => [line.unitPriceCents, line.totalCents])).toEqual([[366, 1098], [198, 396]]);
    expect(order.itemsTotalCents).toBe(1494);
    expect(order.feesTotalCents).toBe(250);
    expect(order.totalCents).toBe(1744);
    // 5.5 %: products 3 × 333 + 2 × 180 = 1359 -> 1359 × 55 / 1055 = 70.85 -> 71.
    // 20 %: fees 3 × 33 + 2 × 18 + 250 = 385 -> 385 / 6 = 64.17 -> 64.
    expect(order.taxByRate).toEqual([{ rateBasisPoints: 550, taxCents: 71 }, { rateBasisPoints: 2000, taxCents: 64 }]);
  });

  it("computes included tax half up, and none at rate zero", () => {
    expect(includedTax(1200, 2000)).toBe(200);
    expect(includedTax(1055, 550)).toBe(55);
    expect(includedTax(999, 0)).toBe(0);
    expect(taxIncludedByRate([{ rateBasisPoints: 550, grossCents: 100 }, { rateBasisPoints: 550, grossCents: 100 }])).toEqual([{ rateBasisPoints: 550, taxCents: 10 }]);
  });
});
