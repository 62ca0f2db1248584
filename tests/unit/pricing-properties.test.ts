// Properties of the price build-up (docs/domain.md section 4) that hold for any fees and any order:
// breakdowns sum to totals, nothing is negative, a fee never lowers a price, per-item fees are
// rounded per unit then multiplied, per-order fees see only their items, and tax is taken per rate.
// Expected amounts come from a slow oracle written here (and a hand-worked order), not from the code under test.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPerItem, lineAmount, perUnitAmount, type Calculator, type PerItemCalculator } from "#app/domain/fees/calculators";
import {
  orderAdjustments,
  priceOrder,
  priceVariant,
  type CyclePricing,
  type FeeDefinition,
  type OrderLineInput,
  type PricedVariantInput,
} from "#app/domain/fees/pricing";

const perItemCalculator: fc.Arbitrary<PerItemCalculator> = fc.oneof(
  fc.record({ type: fc.constant("per_item" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  // 0.01 % to 100 %, two decimals at most, as the fee schema allows.
  fc.record({ type: fc.constant("percent" as const), percent: fc.integer({ min: 1, max: 10_000 }).map((hundredths) => hundredths / 100) }),
  fc.record({ type: fc.constant("weight" as const), centsPerKg: fc.integer({ min: 0, max: 5_000 }) }),
);

const calculator: fc.Arbitrary<Calculator> = fc.oneof(
  perItemCalculator,
  fc.record({ type: fc.constant("flat_rate" as const), amountCents: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({
    type: fc.constant("flexible" as const),
    firstItemCents: fc.integer({ min: 0, max: 2_000 }),
    additionalItemCents: fc.integer({ min: 0, max: 1_000 }),
    maxItems: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    type: fc.constant("price_sack" as const),
    thresholdCents: fc.integer({ min: 0, max: 50_000 }),
    normalCents: fc.integer({ min: 0, max: 2_000 }),
    discountCents: fc.integer({ min: 0, max: 2_000 }),
  }),
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

const linesOf = (variants: fc.Arbitrary<PricedVariantInput>) =>
  fc.array(fc.record({ variant: variants, quantity: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 8 });
const lines = linesOf(variant);

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

// ---- An oracle of its own: the price build-up of domain.md section 4, written the slow way ----
// It calls nothing of the code under test: a rounding is a quotient and a remainder compared with
// half the divisor, a percentage is read from its decimal digits, a line adds its unit price once
// per unit, a per-order fee counts the items it applies to one at a time.

/** a × b / d rounded half up: the quotient, one more when the remainder is at least half of d. */
function halfUp(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const q = n / BigInt(d);
  const r = n - q * BigInt(d);
  return Number(2n * r >= BigInt(d) ? q + 1n : q);
}

/** A percentage as hundredths of a percent, from its written digits: 12.5 -> "12.5" -> 1250. */
function hundredthsOf(percent: number): number {
  const [whole, fraction = ""] = String(percent).split(".");
  if (fraction.length > 2) throw new Error(`The oracle takes two decimals at most: ${percent}`);
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** The per-unit amount of a per-item fee as docs/domain.md defines it, written independently. */
function expectedPerUnit(fee: PerItemCalculator, unit: PricedVariantInput): number {
  switch (fee.type) {
    case "per_item":
      return fee.amountCents;
    case "percent":
      return halfUp(unit.priceCents, hundredthsOf(fee.percent), 10_000);
    case "weight":
      return halfUp(unit.weightGrams ?? 0, fee.centsPerKg, 1_000);
  }
}

const perItemTypes = ["per_item", "percent", "weight"];

/** A per-order fee over some lines, counting their items one at a time (prices are supplier prices). */
function slowPerOrder(fee: Calculator, covered: readonly OrderLineInput[]): number {
  let counted = 0;
  let subtotal = 0;
  let flexible = 0;
  for (const line of covered) {
    for (let i = 0; i < line.quantity; i += 1) {
      counted += 1;
      subtotal += line.variant.priceCents;
      if (fee.type === "flexible") flexible += counted === 1 ? fee.firstItemCents : counted <= fee.maxItems ? fee.additionalItemCents : 0;
    }
  }
  if (counted === 0) return 0;
  if (fee.type === "flat_rate") return fee.amountCents;
  if (fee.type === "flexible") return flexible;
  if (fee.type === "price_sack") return subtotal < fee.thresholdCents ? fee.normalCents : fee.discountCents;
  throw new Error(`Not a per-order fee: ${fee.type}`);
}

/** A whole order priced by the oracle: what priceOrder must answer. */
function slowOrder(order: readonly OrderLineInput[], cycle: CyclePricing) {
  const placed = (fees: readonly FeeDefinition[], place: string) => fees.map((fee) => ({ fee, place }));
  const gross = new Map<number, number>();
  const charge = (rate: number, amount: number) => gross.set(rate, (gross.get(rate) ?? 0) + amount);
  const lines = order.map((line) => {
    const applying = [
      ...placed(cycle.coordinatorFees, "coordinator"),
      ...placed(cycle.incomingFeesBySupplier.get(line.variant.supplierId) ?? [], "incoming"),
      ...placed(cycle.outgoingFees, "outgoing"),
    ];
    let unitPrice = line.variant.priceCents;
    let total = 0;
    for (const { fee } of applying) {
      if (!perItemTypes.includes(fee.calculator.type)) continue;
      const amount = expectedPerUnit(fee.calculator as PerItemCalculator, line.variant);
      unitPrice += amount;
      for (let i = 0; i < line.quantity; i += 1) charge(fee.taxFollowsProduct ? line.variant.taxRateBasisPoints : fee.taxRateBasisPoints, amount);
    }
    for (let i = 0; i < line.quantity; i += 1) {
      total += unitPrice;
      charge(line.variant.taxRateBasisPoints, line.variant.priceCents);
    }
    return { unitPriceCents: unitPrice, totalCents: total };
  });
  const adjustments: { feeId: string; place: string; amountCents: number }[] = [];
  const perOrder = (fees: readonly FeeDefinition[], place: string, covered: readonly OrderLineInput[]) => {
    if (!covered.some((line) => line.quantity > 0)) return;
    for (const fee of fees) {
      if (perItemTypes.includes(fee.calculator.type)) continue;
      const amount = slowPerOrder(fee.calculator, covered);
      adjustments.push({ feeId: fee.id, place, amountCents: amount });
      charge(fee.taxRateBasisPoints, amount); // a per-order fee never follows the product's rate
    }
  };
  perOrder(cycle.coordinatorFees, "coordinator", order);
  for (const [supplierId, fees] of cycle.incomingFeesBySupplier)
    perOrder(
      fees,
      "incoming",
      order.filter((line) => line.variant.supplierId === supplierId),
    );
  perOrder(cycle.outgoingFees, "outgoing", order);
  const itemsTotalCents = lines.reduce((total, line) => total + line.totalCents, 0);
  const feesTotalCents = adjustments.reduce((total, adjustment) => total + adjustment.amountCents, 0);
  const taxByRate = [...gross]
    .filter(([rate, amount]) => rate > 0 && amount > 0)
    .sort(([a], [b]) => a - b)
    .map(([rate, amount]) => ({ rateBasisPoints: rate, taxCents: halfUp(amount, rate, 10_000 + rate) }));
  return { lines, adjustments, itemsTotalCents, feesTotalCents, totalCents: itemsTotalCents + feesTotalCents, taxByRate };
}

const byPlaceAndId = (a: { place: string; feeId: string }, b: { place: string; feeId: string }) =>
  `${a.place}:${a.feeId}`.localeCompare(`${b.place}:${b.feeId}`);

describe("the price of an order", () => {
  it("is the oracle's, for any fees in any places and any order", () => {
    fc.assert(
      fc.property(pricing, lines, (cycle, order) => {
        const total = priceOrder(order, cycle);
        const expected = slowOrder(order, cycle);
        expect(total.lines.map((line) => ({ unitPriceCents: line.unitPriceCents, totalCents: line.totalCents }))).toEqual(expected.lines);
        expect(
          total.adjustments.map((adjustment) => ({ feeId: adjustment.feeId, place: adjustment.place, amountCents: adjustment.amountCents })).sort(byPlaceAndId),
        ).toEqual([...expected.adjustments].sort(byPlaceAndId));
        expect({ items: total.itemsTotalCents, fees: total.feesTotalCents, total: total.totalCents }).toEqual({
          items: expected.itemsTotalCents,
          fees: expected.feesTotalCents,
          total: expected.totalCents,
        });
        expect(total.taxByRate).toEqual(expected.taxByRate);
      }),
    );
  });

  it("worked by hand: 3 carrots and 2 milk under five fees in three places", () => {
    const fee = (id: string, calculator: Calculator, taxRateBasisPoints: number, taxFollowsProduct = false): FeeDefinition => ({
      id,
      name: id,
      feeType: "admin",
      enterpriseId: "e",
      enterpriseName: "E",
      calculator,
      taxRateBasisPoints,
      taxFollowsProduct,
    });
    const carrots: PricedVariantInput = { variantId: "carrots", supplierId: "farm-a", priceCents: 250, weightGrams: 1500, taxRateBasisPoints: 550 };
    const milk: PricedVariantInput = { variantId: "milk", supplierId: "farm-b", priceCents: 180, weightGrams: null, taxRateBasisPoints: 550 };
    const cycle: CyclePricing = {
      coordinatorFees: [fee("hub-percent", { type: "percent", percent: 12.5 }, 2000), fee("hub-flat", { type: "flat_rate", amountCents: 300 }, 2000)],
      incomingFeesBySupplier: new Map([
        [
          "farm-a",
          [
            fee("a-weight", { type: "weight", centsPerKg: 199 }, 2000, true),
            fee("a-flexible", { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 3 }, 2000),
          ],
        ],
      ]),
      outgoingFees: [fee("shop-sack", { type: "price_sack", thresholdCents: 1000, normalCents: 400, discountCents: 150 }, 0)],
    };
    const total = priceOrder(
      [
        { variant: carrots, quantity: 3 },
        { variant: milk, quantity: 2 },
      ],
      cycle,
    );
    // Carrots: 250 + 12.5 % of 250 = 31.25 -> 31 + 1.5 kg x 199 = 298.5 -> 299 = 580 a unit, 1,740 the line.
    // Milk: 180 + 12.5 % of 180 = 22.5 -> 23 = 203 a unit, 406 the line.
    expect(total.lines.map((line) => [line.unitPriceCents, line.totalCents])).toEqual([
      [580, 1740],
      [203, 406],
    ]);
    expect(total.itemsTotalCents).toBe(2146);
    // Hub flat 300; Farm A's flexible over its 3 carrots only: 200 + 100 + 100 = 400 (milk not counted);
    // the shop's price sack over 750 + 360 = 1,110 at supplier prices, at or above 1,000: 150.
    expect(total.adjustments.map((adjustment) => [adjustment.feeId, adjustment.amountCents])).toEqual([
      ["hub-flat", 300],
      ["a-flexible", 400],
      ["shop-sack", 150],
    ]);
    expect(total.feesTotalCents).toBe(850);
    expect(total.totalCents).toBe(2996);
    // At 5.5 %: goods 750 + 360 and the weight fee following the carrots, 299 x 3 = 897: 2,007 x 5.5/105.5 = 104.63 -> 105.
    // At 20 %: the percent fee 31 x 3 + 23 x 2 = 139, the flat 300, the flexible 400: 839 x 20/120 = 139.83 -> 140.
    // The price sack at 0 % carries no tax. 2,007 + 839 + 150 = 2,996, the total.
    expect(total.taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 105 },
      { rateBasisPoints: 2000, taxCents: 140 },
    ]);
    expect(
      slowOrder(
        [
          { variant: carrots, quantity: 3 },
          { variant: milk, quantity: 2 },
        ],
        cycle,
      ),
    ).toMatchObject({ totalCents: 2996, taxByRate: total.taxByRate });
  });
});

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
            : {
                ...cycle,
                incomingFeesBySupplier: new Map([...cycle.incomingFeesBySupplier, [place, [...(cycle.incomingFeesBySupplier.get(place) ?? []), extra]]]),
              };
        for (const line of order)
          expect(priceVariant(line.variant, more).shopPriceCents).toBeGreaterThanOrEqual(priceVariant(line.variant, cycle).shopPriceCents);
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
      fc.property(
        feeWith(perItemCalculator),
        variant,
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom("coordinator", "incoming", "outgoing"),
        (fee, unit, quantity, place) => {
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
        },
      ),
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
          const flexible = {
            id: "f",
            name: "f",
            feeType: "admin",
            enterpriseId: "e",
            enterpriseName: "E",
            taxRateBasisPoints: 0,
            taxFollowsProduct: false,
            calculator: { type: "flexible" as const, firstItemCents: params.first, additionalItemCents: params.additional, maxItems: params.max },
          };
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
