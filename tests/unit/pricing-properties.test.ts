// Properties of the price build-up (docs/domain.md section 4) that hold for any fees and any order:
// breakdowns sum to totals, nothing is negative, a fee never lowers a price, per-item fees are
// rounded per unit then multiplied, per-order fees see only their items, and tax is taken per rate.
// Expected amounts come from small exact oracles written here (BigInt), not from the code under test.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPerItem, lineAmount, perUnitAmount, type Calculator, type PerItemCalculator } from "#app/domain/fees/calculators";
import { orderAdjustments, priceOrder, priceVariant, type CyclePricing, type FeeDefinition, type OrderLineInput, type PricedVariantInput } from "#app/domain/fees/pricing";

const perItemCalculator: fc.Arbitrary<PerItemCalculator> = fc.oneof(
  fc.record({ type: fc.constant("per_item" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  // 0.01 % to 100 %, two decimals at most, as the fee schema allows.
  fc.record({ type: fc.constant("percent" as const), percent: fc.integer({ min: 1, max: 10_000 }).map((hundredths) => hundredths / 100) }),
  fc.record({ type: fc.constant("weight" as const), centsPerKg: fc.integer({ min: 0, max: 5_000 }) }),
);

const calculator: fc.Arbitrary<Calculator> = fc.oneof(
  perItemCalculator,
  fc.record({ type: fc.constant("flat_rate" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ type: fc.constant("flexible" as const), firstItemCents: fc.integer({ min: 0, max: 2_000 }), additionalItemCents: fc.integer({ min: 0, max: 1_000 }), maxItems: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ type: fc.constant("price_sack" as const), thresholdCents: fc.integer({ min: 0, max: 50_000 }), normalCents: fc.integer({ min: 0, max: 2_000 }), discountCents: fc.integer({ min: 0, max: 2_000 }) }),
);

const rates = [0, 550, 1000, 2000];

function feeWith(calculatorArbitrary: fc.Arbitrary<Calculator>): fc.Arbitrary<FeeDefinition> {
  return fc.record({
    id: fc.uuid(),
    name: fc.string({ maxLength: 10 }),
    feeType: fc.constantFrom("admin", "packing", "transport", "fundraising", "sales"),
    enterpriseId: fc.constant("e"),
    enterpriseName: fc.constant("E"),
    calculator: calculatorArbitrary,
    taxRateBasisPoints: fc.constantFrom(...rates),
    taxFollowsProduct: fc.boolean(),
  });
}
const feeDefinition = feeWith(calculator);

const suppliers = ["farm-a", "farm-b"] as const;
const variantOf = (supplier: fc.Arbitrary<string>): fc.Arbitrary<PricedVariantInput> =>
  fc.record({
    variantId: fc.uuid(),
    supplierId: supplier,
    priceCents: fc.integer({ min: 0, max: 100_000 }),
    weightGrams: fc.option(fc.integer({ min: 0, max: 25_000 }), { nil: null }),
    taxRateBasisPoints: fc.constantFrom(0, 550, 2000),
  });
const variant = variantOf(fc.constantFrom(...suppliers));

const pricing: fc.Arbitrary<CyclePricing> = fc
  .record({
    coordinatorFees: fc.array(feeDefinition, { maxLength: 3 }),
    incomingA: fc.array(feeDefinition, { maxLength: 3 }),
    incomingB: fc.array(feeDefinition, { maxLength: 3 }),
    outgoingFees: fc.array(feeDefinition, { maxLength: 3 }),
  })
  // Distinct ids per place (fast-check may draw the same uuid twice), so a fee line finds its definition.
  .map(({ coordinatorFees, incomingA, incomingB, outgoingFees }) => {
    const named = (fees: FeeDefinition[], prefix: string) => fees.map((fee, index) => ({ ...fee, id: `${prefix}-${index}` }));
    return {
      coordinatorFees: named(coordinatorFees, "coordinator"),
      outgoingFees: named(outgoingFees, "outgoing"),
      incomingFeesBySupplier: new Map([
        ["farm-a", named(incomingA, "farm-a")],
        ["farm-b", named(incomingB, "farm-b")],
      ]),
    };
  });

const linesOf = (variants: fc.Arbitrary<PricedVariantInput>) => fc.array(fc.record({ variant: variants, quantity: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 8 });
const lines = linesOf(variant);

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** a × b / d rounded half up, exactly: the oracle for every rounding below. */
function halfUp(a: number, b: number, d: number): number {
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(d)) / (2n * BigInt(d)));
}

/** The per-unit amount of a per-item fee as docs/domain.md defines it, written independently. */
function expectedPerUnit(fee: PerItemCalculator, unit: PricedVariantInput): number {
  switch (fee.type) {
    case "per_item":
      return fee.amountCents;
    case "percent":
      return halfUp(unit.priceCents, Math.round(fee.percent * 100), 10_000);
    case "weight":
      return halfUp(unit.weightGrams ?? 0, fee.centsPerKg, 1_000);
  }
}

describe("pricing properties", () => {
  it("the breakdown of a unit sums to its shop price, and lines and adjustments sum to the order total", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        for (const line of order) {
          const priced = priceVariant(line.variant, cycle);
          expect(priced.supplierPriceCents).toBe(line.variant.priceCents);
          expect(priced.supplierPriceCents + sum(priced.fees.map((fee) => fee.amountCents))).toBe(priced.shopPriceCents);
        }
        const total = priceOrder(order, cycle);
        for (const line of total.lines) {
          expect(line.totalCents).toBe(line.unitPriceCents * line.quantity);
          expect(line.unitPriceCents).toBe(line.priced.shopPriceCents);
        }
        expect(total.itemsTotalCents).toBe(sum(total.lines.map((line) => line.totalCents)));
        expect(total.feesTotalCents).toBe(sum(total.adjustments.map((adjustment) => adjustment.amountCents)));
        expect(total.totalCents).toBe(total.itemsTotalCents + total.feesTotalCents);
      }),
    );
  });

  it("never gives a negative amount, and the tax of a rate never exceeds what is charged at it", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        const total = priceOrder(order, cycle);
        expect(total.totalCents).toBeGreaterThanOrEqual(0);
        expect(total.itemsTotalCents).toBeGreaterThanOrEqual(0);
        expect(total.feesTotalCents).toBeGreaterThanOrEqual(0);
        for (const adjustment of total.adjustments) expect(adjustment.amountCents).toBeGreaterThanOrEqual(0);
        for (const line of total.lines) {
          expect(line.totalCents).toBeGreaterThanOrEqual(0);
          for (const fee of line.priced.fees) expect(fee.amountCents).toBeGreaterThanOrEqual(0);
        }
        for (const rate of total.taxByRate) expect(rate.taxCents).toBeGreaterThanOrEqual(0);
        expect(sum(total.taxByRate.map((rate) => rate.taxCents))).toBeLessThanOrEqual(total.totalCents);
      }),
    );
  });

  it("adding a fee anywhere never lowers a unit price, an adjustment total or an order total", () => {
    fc.assert(
      fc.property(pricing, lines, feeDefinition, fc.constantFrom("coordinatorFees", "outgoingFees", ...suppliers), (cycle, order, extra, place) => {
        const more: CyclePricing =
          place === "coordinatorFees" || place === "outgoingFees"
            ? { ...cycle, [place]: [...cycle[place], extra] }
            : { ...cycle, incomingFeesBySupplier: new Map([...cycle.incomingFeesBySupplier, [place, [...(cycle.incomingFeesBySupplier.get(place) ?? []), extra]]]) };
        for (const line of order) expect(priceVariant(line.variant, more).shopPriceCents).toBeGreaterThanOrEqual(priceVariant(line.variant, cycle).shopPriceCents);
        const before = priceOrder(order, cycle);
        const after = priceOrder(order, more);
        expect(after.itemsTotalCents).toBeGreaterThanOrEqual(before.itemsTotalCents);
        expect(after.feesTotalCents).toBeGreaterThanOrEqual(before.feesTotalCents);
        expect(after.totalCents).toBeGreaterThanOrEqual(before.totalCents);
      }),
    );
  });

  it("a per-item fee on a line of N units is N × its per-unit amount, rounded half up on the unit", () => {
    fc.assert(
      fc.property(perItemCalculator, variant, fc.integer({ min: 1, max: 1_000 }), (fee, unit, quantity) => {
        expect(isPerItem(fee)).toBe(true);
        const perUnit = expectedPerUnit(fee, unit);
        expect(perUnitAmount(fee, unit)).toBe(perUnit);
        expect(lineAmount(fee, unit, quantity)).toBe(perUnit * quantity);
      }),
    );
  });

  it("an order line of N units carries N × (supplier price + each per-item fee per unit), whichever place the fee sits in", () => {
    fc.assert(
      fc.property(feeWith(perItemCalculator), variant, fc.integer({ min: 1, max: 500 }), fc.constantFrom("coordinator", "incoming", "outgoing"), (fee, unit, quantity, place) => {
        const cycle: CyclePricing = {
          coordinatorFees: place === "coordinator" ? [fee] : [],
          incomingFeesBySupplier: new Map([[unit.supplierId, place === "incoming" ? [fee] : []]]),
          outgoingFees: place === "outgoing" ? [fee] : [],
        };
        const perUnit = expectedPerUnit(fee.calculator as PerItemCalculator, unit);
        const order = priceOrder([{ variant: unit, quantity }], cycle);
        expect(order.lines[0].unitPriceCents).toBe(unit.priceCents + perUnit);
        expect(order.lines[0].totalCents).toBe((unit.priceCents + perUnit) * quantity);
        expect(order.adjustments).toEqual([]);
        expect(order.totalCents).toBe((unit.priceCents + perUnit) * quantity);
      }),
    );
  });

  it("an incoming per-order fee sees only its supplier's items: other suppliers' lines change nothing of it", () => {
    const perOrderFee = feeWith(calculator.filter((candidate) => !isPerItem(candidate)));
    fc.assert(
      fc.property(
        fc.array(perOrderFee, { minLength: 1, maxLength: 3 }),
        linesOf(variantOf(fc.constant("farm-a"))),
        linesOf(variantOf(fc.constant("farm-b"))),
        (feesOfA, aLines, bLines) => {
          const cycle: CyclePricing = { coordinatorFees: [], incomingFeesBySupplier: new Map([["farm-a", feesOfA]]), outgoingFees: [] };
          const alone = orderAdjustments(aLines, cycle);
          const mixed = orderAdjustments([...bLines, ...aLines, ...bLines], cycle);
          expect(mixed).toEqual(alone);
          expect(alone).toHaveLength(feesOfA.length);
          expect(orderAdjustments(bLines, cycle)).toEqual([]);
        },
      ),
    );
  });

  it("a coordinator or outgoing per-order fee counts every item of the order", () => {
    fc.assert(
      fc.property(
        fc.record({ first: fc.integer({ min: 0, max: 2_000 }), additional: fc.integer({ min: 0, max: 1_000 }), max: fc.integer({ min: 1, max: 400 }) }),
        lines,
        fc.constantFrom("coordinatorFees", "outgoingFees"),
        (params, order, place) => {
          const flexible = { id: "f", name: "f", feeType: "admin", enterpriseId: "e", enterpriseName: "E", taxRateBasisPoints: 0, taxFollowsProduct: false, calculator: { type: "flexible" as const, firstItemCents: params.first, additionalItemCents: params.additional, maxItems: params.max } };
          const cycle: CyclePricing = { coordinatorFees: [], incomingFeesBySupplier: new Map(), outgoingFees: [], [place]: [flexible] };
          const quantity = sum(order.map((line) => line.quantity));
          const expected = params.first + params.additional * (Math.min(quantity, params.max) - 1);
          expect(orderAdjustments(order, cycle).map((adjustment) => adjustment.amountCents)).toEqual([expected]);
        },
      ),
    );
  });

  it("tax is taken once per rate on everything charged at that rate, a fee following its product taking the product's rate", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        const total = priceOrder(order, cycle);
        const grossByRate = new Map<number, number>();
        const add = (rate: number, gross: number) => grossByRate.set(rate, (grossByRate.get(rate) ?? 0) + gross);
        total.lines.forEach((line, index) => {
          const productRate = order[index].variant.taxRateBasisPoints;
          add(productRate, line.priced.supplierPriceCents * line.quantity);
          line.priced.fees.forEach((fee) => add(fee.taxRateBasisPoints, fee.amountCents * line.quantity));
        });
        for (const adjustment of total.adjustments) add(adjustment.taxRateBasisPoints, adjustment.amountCents);
        // Everything charged is taxed at some rate: the gross per rate adds up to the total.
        expect(sum([...grossByRate.values()])).toBe(total.totalCents);
        const expected = [...grossByRate]
          .filter(([rate, gross]) => rate > 0 && gross > 0)
          .sort(([a], [b]) => a - b)
          .map(([rate, gross]) => ({ rateBasisPoints: rate, taxCents: halfUp(gross, rate, 10_000 + rate) }));
        expect(total.taxByRate).toEqual(expected);
        // Each fee's rate: the product's only when it follows it (per-item fees only), its own otherwise.
        const all = [...cycle.coordinatorFees, ...[...cycle.incomingFeesBySupplier.values()].flat(), ...cycle.outgoingFees];
        const byId = new Map(all.map((fee) => [fee.id, fee]));
        total.lines.forEach((line, index) => {
          for (const fee of line.priced.fees) {
            const definition = byId.get(fee.feeId)!;
            expect(fee.taxRateBasisPoints).toBe(definition.taxFollowsProduct ? order[index].variant.taxRateBasisPoints : definition.taxRateBasisPoints);
          }
        });
        for (const adjustment of total.adjustments) expect(adjustment.taxRateBasisPoints).toBe(byId.get(adjustment.feeId)!.taxRateBasisPoints);
      }),
    );
  });
});
