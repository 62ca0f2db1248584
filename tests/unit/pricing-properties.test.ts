// Properties of the price build-up that must hold for any fees and any order (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPerItem, lineAmount, perUnitAmount, type Calculator, type PerItemCalculator } from "#app/domain/fees/calculators";
import { priceOrder, priceVariant, type CyclePricing, type FeeDefinition } from "#app/domain/fees/pricing";

const perItemCalculator: fc.Arbitrary<PerItemCalculator> = fc.oneof(
  fc.record({ type: fc.constant("per_item" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ type: fc.constant("percent" as const), percent: fc.integer({ min: 0, max: 10_000 }).map((tenths) => tenths / 100) }),
  fc.record({ type: fc.constant("weight" as const), centsPerKg: fc.integer({ min: 0, max: 5_000 }) }),
);

const calculator: fc.Arbitrary<Calculator> = fc.oneof(
  perItemCalculator,
  fc.record({ type: fc.constant("flat_rate" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ type: fc.constant("flexible" as const), firstItemCents: fc.integer({ min: 0, max: 2_000 }), additionalItemCents: fc.integer({ min: 0, max: 1_000 }), maxItems: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ type: fc.constant("price_sack" as const), thresholdCents: fc.integer({ min: 0, max: 50_000 }), normalCents: fc.integer({ min: 0, max: 2_000 }), discountCents: fc.integer({ min: 0, max: 2_000 }) }),
);

const feeDefinition: fc.Arbitrary<FeeDefinition> = fc.record({
  id: fc.uuid(),
  name: fc.string({ maxLength: 10 }),
  feeType: fc.constantFrom("admin", "packing", "transport"),
  enterpriseId: fc.constant("e"),
  enterpriseName: fc.constant("E"),
  calculator,
  taxRateBasisPoints: fc.constantFrom(0, 550, 1000, 2000),
  taxFollowsProduct: fc.boolean(),
});

const suppliers = ["farm-a", "farm-b"];
const variant = fc.record({
  variantId: fc.uuid(),
  supplierId: fc.constantFrom(...suppliers),
  priceCents: fc.integer({ min: 0, max: 100_000 }),
  weightGrams: fc.option(fc.integer({ min: 0, max: 25_000 }), { nil: null }),
  taxRateBasisPoints: fc.constantFrom(0, 550, 2000),
});

const pricing: fc.Arbitrary<CyclePricing> = fc.record({
  coordinatorFees: fc.array(feeDefinition, { maxLength: 3 }),
  incomingA: fc.array(feeDefinition, { maxLength: 3 }),
  incomingB: fc.array(feeDefinition, { maxLength: 3 }),
  outgoingFees: fc.array(feeDefinition, { maxLength: 3 }),
}).map(({ coordinatorFees, incomingA, incomingB, outgoingFees }) => ({ coordinatorFees, outgoingFees, incomingFeesBySupplier: new Map([["farm-a", incomingA], ["farm-b", incomingB]]) }));

const lines = fc.array(fc.record({ variant, quantity: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 8 });

describe("pricing properties", () => {
  it("the breakdown of a unit sums to its shop price, and the lines and adjustments sum to the order total", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        for (const line of order) {
          const priced = priceVariant(line.variant, cycle);
          expect(priced.supplierPriceCents + priced.fees.reduce((sum, fee) => sum + fee.amountCents, 0)).toBe(priced.shopPriceCents);
        }
        const total = priceOrder(order, cycle);
        const sumLines = total.lines.reduce((sum, line) => sum + line.totalCents, 0);
        const sumAdjustments = total.adjustments.reduce((sum, adjustment) => sum + adjustment.amountCents, 0);
        expect(total.itemsTotalCents).toBe(sumLines);
        expect(total.totalCents).toBe(sumLines + sumAdjustments);
        expect(total.lines.every((line) => line.totalCents === line.unitPriceCents * line.quantity)).toBe(true);
      }),
    );
  });

  it("never gives a negative amount, and tax is never more than the amount it is in", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        const total = priceOrder(order, cycle);
        expect(total.totalCents).toBeGreaterThanOrEqual(0);
        for (const adjustment of total.adjustments) expect(adjustment.amountCents).toBeGreaterThanOrEqual(0);
        for (const line of total.lines) for (const fee of line.priced.fees) expect(fee.amountCents).toBeGreaterThanOrEqual(0);
        const tax = total.taxByRate.reduce((sum, rate) => sum + rate.taxCents, 0);
        expect(tax).toBeLessThanOrEqual(total.totalCents);
      }),
    );
  });

  it("adding a fee never lowers a unit price or an order total", () => {
    fc.assert(
      fc.property(pricing, lines, feeDefinition, fc.constantFrom("coordinatorFees", "outgoingFees", "farm-a", "farm-b"), (cycle, order, extra, place) => {
        const more: CyclePricing =
          place === "coordinatorFees" || place === "outgoingFees"
            ? { ...cycle, [place]: [...cycle[place], extra] }
            : { ...cycle, incomingFeesBySupplier: new Map([...cycle.incomingFeesBySupplier, [place, [...(cycle.incomingFeesBySupplier.get(place) ?? []), extra]]]) };
        for (const line of order) expect(priceVariant(line.variant, more).shopPriceCents).toBeGreaterThanOrEqual(priceVariant(line.variant, cycle).shopPriceCents);
        expect(priceOrder(order, more).totalCents).toBeGreaterThanOrEqual(priceOrder(order, cycle).totalCents);
      }),
    );
  });

  it("a per-item fee on N units is N times its per-unit amount", () => {
    fc.assert(
      fc.property(perItemCalculator, variant, fc.integer({ min: 1, max: 1_000 }), (fee, unit, quantity) => {
        expect(isPerItem(fee)).toBe(true);
        expect(lineAmount(fee, unit, quantity)).toBe(perUnitAmount(fee, unit) * quantity);
      }),
    );
  });
});
