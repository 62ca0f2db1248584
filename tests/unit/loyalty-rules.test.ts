// Loyalty credit's pure rules (decision 0052): whole points rounded down, exact conversion,
// what credit may pay at checkout, automatic tags reached.
import { describe, expect, it } from "vitest";
import { adjustmentSchema, autoTagsReached, creditForPoints, creditUseRefusal, earnedFor, normaliseAutoTags, pointsFor } from "#app/domain/loyalty/rules";

describe("points and credit", () => {
  it("counts whole points per euro, rounded down", () => {
    expect(pointsFor(1299, 1)).toBe(12);
    expect(pointsFor(1300, 1)).toBe(13);
    expect(pointsFor(50, 3)).toBe(1);
    expect(pointsFor(99, 1)).toBe(0);
    expect(pointsFor(0, 5)).toBe(0);
    expect(pointsFor(-500, 5)).toBe(0);
  });

  it("converts points to credit exactly", () => {
    expect(creditForPoints(12, 5)).toBe(60);
    expect(creditForPoints(0, 5)).toBe(0);
    expect(creditForPoints(1_000_000, 1000)).toBe(1_000_000_000);
  });

  it("refuses fractions rather than rounding them silently", () => {
    expect(() => pointsFor(10.5, 1)).toThrow(RangeError);
    expect(() => creditForPoints(1, 0.5)).toThrow(RangeError);
  });

  it("earns on what was paid other than credit", () => {
    expect(earnedFor(2000, 500, { pointsPerEuro: 2, centsPerPoint: 5 })).toEqual({ points: 30, creditCents: 150 });
    expect(earnedFor(2000, 2000, { pointsPerEuro: 2, centsPerPoint: 5 })).toEqual({ points: 0, creditCents: 0 });
    expect(earnedFor(2000, 0, { pointsPerEuro: 1, centsPerPoint: 1 })).toEqual({ points: 20, creditCents: 20 });
  });
});

describe("credit at checkout", () => {
  const base = { amountCents: 300, signedIn: true, balanceCents: 500, totalCents: 1000 };
  it("lets a signed-in buyer use up to the smaller of balance and total", () => {
    expect(creditUseRefusal(base)).toBeUndefined();
    expect(creditUseRefusal({ ...base, amountCents: 500 })).toBeUndefined();
    expect(creditUseRefusal({ ...base, amountCents: 0, signedIn: false })).toBeUndefined();
  });
  it("refuses a guest, more than the total, more than the balance", () => {
    expect(creditUseRefusal({ ...base, signedIn: false })).toBe("creditNeedsAccount");
    expect(creditUseRefusal({ ...base, amountCents: 1001, balanceCents: 5000 })).toBe("creditAboveTotal");
    expect(creditUseRefusal({ ...base, amountCents: 501 })).toBe("creditAboveBalance");
  });
});

describe("manual adjustments", () => {
  it("need a non-zero whole amount and a note", () => {
    expect(adjustmentSchema.safeParse({ amountCents: -200, note: "Returned crate" }).success).toBe(true);
    expect(adjustmentSchema.safeParse({ amountCents: 0, note: "x" }).success).toBe(false);
    expect(adjustmentSchema.safeParse({ amountCents: 1.5, note: "x" }).success).toBe(false);
    expect(adjustmentSchema.safeParse({ amountCents: 100, note: "  " }).success).toBe(false);
  });
});

describe("automatic tags", () => {
  const rules = [
    { tag: "regular", afterCollectedOrders: 3 },
    { tag: "vip", afterCollectedOrders: 10 },
  ];
  it("adds each tag reached and not yet held", () => {
    expect(autoTagsReached(rules, 2, [])).toEqual([]);
    expect(autoTagsReached(rules, 3, [])).toEqual(["regular"]);
    expect(autoTagsReached(rules, 12, ["regular"])).toEqual(["vip"]);
    expect(autoTagsReached(rules, 12, ["regular", "vip"])).toEqual([]);
  });
  it("keeps one rule per tag, the lowest threshold", () => {
    expect(
      normaliseAutoTags([
        { tag: "vip", afterCollectedOrders: 10 },
        { tag: "vip", afterCollectedOrders: 5 },
        { tag: "new", afterCollectedOrders: 1 },
      ]),
    ).toEqual([
      { tag: "new", afterCollectedOrders: 1 },
      { tag: "vip", afterCollectedOrders: 5 },
    ]);
  });
});
