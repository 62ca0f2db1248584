// The six fee calculators with worked numbers, their edge cases, and properties that hold for any input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  calculatorSchema,
  isPerItem,
  lineAmount,
  perOrderAmount,
  perUnitAmount,
  sameCalculator,
  type FlexibleCalculator,
  type PerItemCalculator,
  type PerOrderCalculator,
  type PriceSackCalculator,
} from "#app/domain/fees/calculators";
import { mulDivRoundHalfUp, percentOf } from "#app/domain/money";
import { parseWith } from "#app/domain/validation";
import { DomainError } from "#app/domain/errors";

describe("per-item calculators (one unit, rounded half up, then × quantity)", () => {
  it("a flat rate per item charges its amount on every unit", () => {
    const calculator = { type: "per_item", amountCents: 50 } as const;
    expect(perUnitAmount(calculator, { priceCents: 300 })).toBe(50);
    expect(lineAmount(calculator, { priceCents: 300 }, 3)).toBe(150);
  });

  it("a percent fee is a percentage of the supplier price rounded half up per unit", () => {
    const calculator = { type: "percent", percent: 12.5 } as const;
    expect(perUnitAmount(calculator, { priceCents: 99 })).toBe(12); // 12.375
    expect(perUnitAmount(calculator, { priceCents: 101 })).toBe(13); // 12.625
    expect(perUnitAmount(calculator, { priceCents: 4 })).toBe(1); // 0.5 rounds up
    expect(perUnitAmount(calculator, { priceCents: 400 })).toBe(50);
  });

  it("rounds each unit before multiplying by the quantity, so a line is its unit amount × quantity", () => {
    const calculator = { type: "percent", percent: 12.5 } as const;
    // 3 × 12.375 = 37.125 would round to 37; per unit it is 3 × 12 = 36.
    expect(lineAmount(calculator, { priceCents: 99 }, 3)).toBe(36);
    // 3 × 12.625 = 37.875 would round to 38; per unit it is 3 × 13 = 39.
    expect(lineAmount(calculator, { priceCents: 101 }, 3)).toBe(39);
  });

  it("a weight fee charges weight in kg × the amount per kg, rounded half up to the cent per unit", () => {
    const calculator = { type: "weight", centsPerKg: 199 } as const;
    expect(perUnitAmount(calculator, { priceCents: 500, weightGrams: 250 })).toBe(50); // 49.75
    expect(perUnitAmount(calculator, { priceCents: 500, weightGrams: 1000 })).toBe(199);
    expect(perUnitAmount({ type: "weight", centsPerKg: 10 }, { priceCents: 500, weightGrams: 50 })).toBe(1); // 0.5
    expect(perUnitAmount({ type: "weight", centsPerKg: 10 }, { priceCents: 500, weightGrams: 49 })).toBe(0); // 0.49
    expect(lineAmount(calculator, { priceCents: 500, weightGrams: 250 }, 4)).toBe(200);
  });

  it("a variant without a weight pays no weight fee", () => {
    const calculator = { type: "weight", centsPerKg: 120 } as const;
    expect(perUnitAmount(calculator, { priceCents: 500, weightGrams: null })).toBe(0);
    expect(perUnitAmount(calculator, { priceCents: 500 })).toBe(0);
  });

  it("a line of quantity 0 costs nothing", () => {
    expect(lineAmount({ type: "per_item", amountCents: 50 }, { priceCents: 100 }, 0)).toBe(0);
  });
});

describe("per-order calculators (once over the items they apply to)", () => {
  const items = [
    { quantity: 2, priceCents: 250 },
    { quantity: 1, priceCents: 700 },
  ];

  it("a flat rate charges its amount once per order, whatever the quantity", () => {
    expect(perOrderAmount({ type: "flat_rate", amountCents: 300 }, items)).toBe(300);
    expect(perOrderAmount({ type: "flat_rate", amountCents: 300 }, [{ quantity: 40, priceCents: 1 }])).toBe(300);
  });

  it("a flexible rate charges first + additional × (min(qty, max) − 1) over the summed quantities", () => {
    const calculator: FlexibleCalculator = { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 };
    expect(perOrderAmount(calculator, [{ quantity: 1, priceCents: 100 }])).toBe(200);
    expect(perOrderAmount(calculator, items)).toBe(400); // 3 items: 200 + 2 × 100
    expect(perOrderAmount(calculator, [{ quantity: 5, priceCents: 100 }])).toBe(600);
    expect(perOrderAmount(calculator, [{ quantity: 9, priceCents: 100 }])).toBe(600); // capped at 5 items
  });

  it("a flexible rate with max items 1 charges the first item only", () => {
    const calculator: FlexibleCalculator = { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 1 };
    expect(perOrderAmount(calculator, [{ quantity: 7, priceCents: 100 }])).toBe(200);
  });

  it("a price sack charges the normal amount below the threshold and the discount at or above it", () => {
    const calculator: PriceSackCalculator = { type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 };
    expect(perOrderAmount(calculator, [{ quantity: 1, priceCents: 4999 }])).toBe(400);
    expect(perOrderAmount(calculator, [{ quantity: 2, priceCents: 2500 }])).toBe(200); // exactly 50.00: discount
    expect(perOrderAmount(calculator, [{ quantity: 3, priceCents: 2500 }])).toBe(200);
  });

  it("with no items (or only quantity 0) every per-order calculator charges nothing", () => {
    for (const calculator of [
      { type: "flat_rate", amountCents: 300 } as const,
      { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 } as const,
      { type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 } as const,
    ]) {
      expect(perOrderAmount(calculator, [])).toBe(0);
      expect(perOrderAmount(calculator, [{ quantity: 0, priceCents: 900 }])).toBe(0);
    }
  });

  it("tells per-item calculators from per-order ones", () => {
    expect(["per_item", "percent", "weight"].every((type) => isPerItem({ type }))).toBe(true);
    expect(["flat_rate", "flexible", "price_sack"].some((type) => isPerItem({ type }))).toBe(false);
  });
});

// ---- An oracle of its own: each calculator as domain.md section 4 words it, the slow way ----
// Nothing here calls the code under test or its money helpers: a percentage is read from its
// decimal digits (not scaled as a float), a rounding is a quotient and a remainder compared with
// half the divisor, a line adds its unit amount once per unit, and a per-order fee counts the items
// it applies to one at a time.

/** n / d rounded half up: the quotient, one more when the remainder is at least half of d. */
function divideHalfUp(n: bigint, d: bigint): number {
  const q = n / d;
  const r = n - q * d;
  return Number(2n * r >= d ? q + 1n : q);
}

/** A percentage as hundredths of a percent, from its written digits: 12.5 -> "12.5" -> 1250. */
function hundredthsOf(percent: number): bigint {
  const [whole, fraction = ""] = String(percent).split(".");
  if (fraction.length > 2) throw new Error(`The oracle takes two decimals at most: ${percent}`);
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}

function slowPerUnit(calculator: PerItemCalculator, unit: { priceCents: number; weightGrams?: number | null }): number {
  switch (calculator.type) {
    case "per_item":
      return calculator.amountCents;
    case "percent": // price × percent / 100, the percent in hundredths: / 10,000
      return divideHalfUp(BigInt(unit.priceCents) * hundredthsOf(calculator.percent), 10_000n);
    case "weight": // grams / 1000 kg × cents per kg
      return divideHalfUp(BigInt(unit.weightGrams ?? 0) * BigInt(calculator.centsPerKg), 1_000n);
  }
}

function slowLine(calculator: PerItemCalculator, unit: { priceCents: number; weightGrams?: number | null }, quantity: number): number {
  let total = 0;
  for (let i = 0; i < quantity; i += 1) total += slowPerUnit(calculator, unit);
  return total;
}

function slowPerOrder(calculator: PerOrderCalculator, list: readonly { quantity: number; priceCents: number }[]): number {
  let counted = 0;
  let subtotal = 0;
  let flexible = 0;
  for (const item of list) {
    for (let i = 0; i < item.quantity; i += 1) {
      counted += 1;
      subtotal += item.priceCents;
      if (calculator.type === "flexible") {
        if (counted === 1) flexible += calculator.firstItemCents;
        else if (counted <= calculator.maxItems) flexible += calculator.additionalItemCents;
      }
    }
  }
  if (counted === 0) return 0;
  switch (calculator.type) {
    case "flat_rate":
      return calculator.amountCents;
    case "flexible":
      return flexible;
    case "price_sack":
      return subtotal >= calculator.thresholdCents ? calculator.discountCents : calculator.normalCents;
  }
}

describe("the oracle itself, on cases worked by hand", () => {
  it("rounds and counts as a person with a pencil would", () => {
    expect(slowPerUnit({ type: "percent", percent: 12.5 }, { priceCents: 99 })).toBe(12); // 12.375
    expect(slowPerUnit({ type: "percent", percent: 1.15 }, { priceCents: 1000 })).toBe(12); // 11.5
    expect(slowPerUnit({ type: "percent", percent: 0.07 }, { priceCents: 715 })).toBe(1); // 0.5005
    expect(slowPerUnit({ type: "weight", centsPerKg: 199 }, { priceCents: 0, weightGrams: 250 })).toBe(50); // 49.75
    expect(slowLine({ type: "percent", percent: 12.5 }, { priceCents: 101 }, 3)).toBe(39); // 13 + 13 + 13
    expect(
      slowPerOrder({ type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 }, [
        { quantity: 2, priceCents: 1 },
        { quantity: 9, priceCents: 1 },
      ]),
    ).toBe(600);
    expect(
      slowPerOrder({ type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 }, [
        { quantity: 1, priceCents: 2500 },
        { quantity: 1, priceCents: 2499 },
      ]),
    ).toBe(400);
  });
});

describe("calculator properties", () => {
  const cents = fc.integer({ min: 0, max: 1_000_000 });
  const price = fc.integer({ min: 0, max: 10_000_000 });
  const quantity = fc.integer({ min: 0, max: 1_000 });
  const percent = fc.integer({ min: 1, max: 10_000 }).map((hundredths) => hundredths / 100);
  const perItem = fc.oneof(
    cents.map((amountCents) => ({ type: "per_item", amountCents }) as const),
    percent.map((value) => ({ type: "percent", percent: value }) as const),
    cents.map((centsPerKg) => ({ type: "weight", centsPerKg }) as const),
  );
  const flexible = fc.record({
    type: fc.constant("flexible" as const),
    firstItemCents: cents,
    additionalItemCents: cents,
    maxItems: fc.integer({ min: 1, max: 10_000 }),
  });
  const priceSack = fc.record({
    type: fc.constant("price_sack" as const),
    thresholdCents: fc.integer({ min: 0, max: 100_000_000 }),
    normalCents: cents,
    discountCents: cents,
  });
  const perOrder = fc.oneof(
    cents.map((amountCents) => ({ type: "flat_rate", amountCents }) as const),
    flexible,
    priceSack,
  );
  const items = fc.array(fc.record({ quantity, priceCents: price }), { maxLength: 20 });
  const unit = fc.record({ priceCents: price, weightGrams: fc.option(fc.integer({ min: 0, max: 100_000 })) });

  it("amounts are never negative and always whole cents", () => {
    fc.assert(
      fc.property(perItem, unit, (calculator, u) => {
        const amount = perUnitAmount(calculator, u);
        return amount >= 0 && Number.isInteger(amount);
      }),
    );
    fc.assert(
      fc.property(perOrder, items, (calculator, list) => {
        const amount = perOrderAmount(calculator, list);
        return amount >= 0 && Number.isInteger(amount);
      }),
    );
  });

  it("every per-item amount equals the slow oracle's, unit by unit and line by line", () => {
    fc.assert(
      fc.property(perItem, unit, quantity, (calculator, u, n) => {
        expect(perUnitAmount(calculator, u)).toBe(slowPerUnit(calculator, u));
        expect(lineAmount(calculator, u, n)).toBe(slowLine(calculator, u, n));
      }),
    );
  });

  it("every per-order amount equals the slow oracle's, counting the items one by one", () => {
    fc.assert(
      fc.property(perOrder, items, (calculator, list) => {
        expect(perOrderAmount(calculator, list)).toBe(slowPerOrder(calculator, list));
      }),
    );
  });

  it("a price sack always charges either its normal or its discount amount", () => {
    fc.assert(
      fc.property(
        priceSack,
        items.filter((list) => list.some((item) => item.quantity > 0)),
        (calculator, list) => {
          const amount = perOrderAmount(calculator, list);
          return amount === calculator.normalCents || amount === calculator.discountCents;
        },
      ),
    );
  });

  it("a flexible rate never exceeds first + additional × (max − 1)", () => {
    fc.assert(
      fc.property(flexible, items, (calculator, list) => {
        return perOrderAmount(calculator, list) <= calculator.firstItemCents + calculator.additionalItemCents * (calculator.maxItems - 1);
      }),
    );
  });

  it("a percent fee never exceeds the price it is taken from, and rounds as the oracle's long division does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), price, (hundredths, p) => {
        const amount = perUnitAmount({ type: "percent", percent: hundredths / 100 }, { priceCents: p });
        expect(amount).toBeLessThanOrEqual(p);
        expect(amount).toBe(slowPerUnit({ type: "percent", percent: hundredths / 100 }, { priceCents: p }));
      }),
    );
  });

  it("every calculator the generators make passes the schema", () => {
    fc.assert(fc.property(fc.oneof(perItem, perOrder), (calculator) => calculatorSchema.safeParse(calculator).success));
  });
});

describe("money helpers used by the calculators", () => {
  it("percentOf rounds half up from the exact value, not a binary fraction", () => {
    expect(percentOf(99, 12.5)).toBe(12);
    expect(percentOf(101, 12.5)).toBe(13);
    // 1.15 × 10 = 11.499999999999998 in floating point; the exact value 11.5 rounds to 12.
    expect(percentOf(1000, 1.15)).toBe(12);
    expect(percentOf(0, 50)).toBe(0);
    expect(percentOf(300, 100)).toBe(300);
  });

  it("percentOf stays exact beyond 2^53 in the intermediate product", () => {
    // 90,000,000,001 cents scaled by 100% (× 1,000,000) is past 2^53.
    expect(percentOf(90_000_000_001, 100)).toBe(90_000_000_001);
    expect(percentOf(90_000_000_001, 50)).toBe(45_000_000_001); // 45,000,000,000.5 rounds up
  });

  it("mulDivRoundHalfUp refuses fractions, negatives and division by zero", () => {
    expect(mulDivRoundHalfUp(250, 199, 1000)).toBe(50);
    expect(() => mulDivRoundHalfUp(1.5, 2, 3)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(-1, 2, 3)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1, 2, 0)).toThrow(RangeError);
  });
});

describe("calculator schema", () => {
  const fieldsOf = (input: unknown) => {
    try {
      parseWith(calculatorSchema, input);
      return {};
    } catch (error) {
      if (error instanceof DomainError) return Object.fromEntries(Object.entries(error.fields).map(([name, reason]) => [name, reason.key]));
      throw error;
    }
  };

  it("accepts each of the six calculators with whole-cent parameters", () => {
    for (const calculator of [
      { type: "flat_rate", amountCents: 300 },
      { type: "per_item", amountCents: 50 },
      { type: "percent", percent: 12.5 },
      { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 },
      { type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 },
      { type: "weight", centsPerKg: 120 },
    ]) {
      expect(fieldsOf(calculator)).toEqual({});
    }
  });

  it("names the field that is wrong, with a reason", () => {
    expect(fieldsOf({ type: "per_item" })).toEqual({ amountCents: "required" });
    expect(fieldsOf({ type: "per_item", amountCents: -1 })).toEqual({ amountCents: "tooSmall" });
    expect(fieldsOf({ type: "per_item", amountCents: 0.5 })).toEqual({ amountCents: "wholeNumber" });
    expect(fieldsOf({ type: "per_item", amountCents: "50" })).toEqual({ amountCents: "wholeNumber" });
    expect(fieldsOf({ type: "per_item", amountCents: 1_000_001 })).toEqual({ amountCents: "tooBig" });
    expect(fieldsOf({ type: "flexible", firstItemCents: 1, additionalItemCents: 1, maxItems: 0 })).toEqual({ maxItems: "tooSmall" });
    expect(fieldsOf({ type: "percent", percent: 0 })).toEqual({ percent: "percent" });
    expect(fieldsOf({ type: "percent", percent: 100.01 })).toEqual({ percent: "percent" });
    expect(fieldsOf({ type: "percent", percent: 12.345 })).toEqual({ percent: "percentDecimals" });
    expect(fieldsOf({ type: "percent", percent: "12.5" })).toEqual({ percent: "percent" });
    expect(fieldsOf({ type: "percent", percent: 100 })).toEqual({});
    expect(fieldsOf({ type: "percent", percent: 0.07 })).toEqual({});
  });

  it("refuses an unknown type and parameters of another calculator", () => {
    expect(fieldsOf({ type: "bogus", amountCents: 1 })).toEqual({ type: "invalidChoice" });
    expect(fieldsOf(undefined)).toEqual({ _: "required" });
    expect(fieldsOf({ type: "per_item", amountCents: 1, percent: 5 })).toEqual({ _: "unknownField" });
  });

  it("compares calculators by type and parameters", () => {
    expect(sameCalculator({ type: "per_item", amountCents: 5 }, { type: "per_item", amountCents: 5 })).toBe(true);
    expect(sameCalculator({ type: "per_item", amountCents: 5 }, { type: "flat_rate", amountCents: 5 })).toBe(false);
    expect(sameCalculator({ type: "percent", percent: 5 }, { type: "percent", percent: 5.5 })).toBe(false);
  });
});
