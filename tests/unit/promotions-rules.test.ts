// The pure rules of promo codes (docs/domain.md 13, decision 0051): what a code takes off (exact
// cents, half up, never below zero, never off the fees), who may use it, and what may be created.
import { describe, expect, it } from "vitest";
import { cents } from "#app/domain/money";
import type { PricedOrder } from "#app/domain/fees/pricing";
import { createPromoCodeSchema, discountByRate, discountOf, promoRefusal, storedValue, withPromo, type PromoTerms } from "#app/domain/promotions/rules";

const terms: PromoTerms = {
  id: "p",
  ownerId: "hub",
  code: "REDUC10",
  kind: "percent",
  percentBasisPoints: 1000,
  amountCents: null,
  minSubtotalCents: null,
  startsAt: null,
  endsAt: null,
  maxUses: null,
  maxUsesPerCustomer: null,
  uses: 0,
  orderCycleIds: [],
  tags: [],
  active: true,
};
const now = new Date("2026-12-04T10:00:00Z");
const use = { orderCycleId: "c1", itemsTotalCents: 2000, buyerTags: [], buyerUses: 0, now };

describe("discountOf", () => {
  it("takes a percent of the items, rounded half up to the cent", () => {
    expect(discountOf({ kind: "percent", percentBasisPoints: 1000, amountCents: null }, 1995)).toBe(200); // 199.5 -> 200
    expect(discountOf({ kind: "percent", percentBasisPoints: 1250, amountCents: null }, 99)).toBe(12); // 12.375 -> 12
    expect(discountOf({ kind: "percent", percentBasisPoints: 1250, amountCents: null }, 101)).toBe(13); // 12.625 -> 13
    expect(discountOf({ kind: "percent", percentBasisPoints: 10000, amountCents: null }, 1234)).toBe(1234);
  });

  it("takes an amount, never more than the items (never below zero)", () => {
    expect(discountOf({ kind: "amount", percentBasisPoints: null, amountCents: 500 }, 2000)).toBe(500);
    expect(discountOf({ kind: "amount", percentBasisPoints: null, amountCents: 500 }, 320)).toBe(320);
    expect(discountOf({ kind: "amount", percentBasisPoints: null, amountCents: 500 }, 0)).toBe(0);
  });
});

describe("discountByRate", () => {
  it("splits the discount over the items' tax rates so that the parts add up exactly", () => {
    const parts = discountByRate(100, [
      { totalCents: 1000, taxRateBasisPoints: 550 },
      { totalCents: 2000, taxRateBasisPoints: 2000 },
    ]);
    expect(parts).toEqual([
      { rateBasisPoints: 550, discountCents: 33 },
      { rateBasisPoints: 2000, discountCents: 67 },
    ]);
    expect(parts.reduce((sum, part) => sum + part.discountCents, 0)).toBe(100);
  });
});

describe("withPromo", () => {
  const priced: PricedOrder = {
    lines: [{ variantId: "v", quantity: 2, actualWeightGrams: null, unitPriceCents: cents(1000), totalCents: cents(2000), priced: {} as never }],
    adjustments: [
      {
        feeId: "f",
        name: "Packing",
        label: "Packing",
        feeType: "packing",
        enterpriseName: "Hub",
        place: "coordinator",
        supplierName: "",
        amountCents: cents(300),
        taxRateBasisPoints: 2000,
      },
    ],
    itemsTotalCents: cents(2000),
    feesTotalCents: cents(300),
    totalCents: cents(2300),
    taxByRate: [
      { rateBasisPoints: 550, taxCents: cents(104) },
      { rateBasisPoints: 2000, taxCents: cents(50) },
    ],
  };

  it("adds a negative adjustment labelled with the code, off the items only: fees untouched", () => {
    const after = withPromo(priced, [{ taxRateBasisPoints: 550 }], {
      id: "p",
      code: "REDUC10",
      kind: "percent",
      percentBasisPoints: 1000,
      amountCents: null,
      ownerName: "Hub",
    });
    expect(after.discountCents).toBe(200);
    expect(after.totalCents).toBe(2100);
    expect(after.feesTotalCents).toBe(300);
    expect(after.itemsTotalCents).toBe(2000);
    expect(after.adjustments.at(-1)).toMatchObject({ label: "REDUC10", place: "promo", amountCents: -200, taxRateBasisPoints: 550 });
    // 200 at 5.5 % included 10.43 -> 10 of tax.
    expect(after.taxByRate).toEqual([
      { rateBasisPoints: 550, taxCents: 94 },
      { rateBasisPoints: 2000, taxCents: 50 },
    ]);
  });

  it("changes nothing without a code", () => {
    expect(withPromo(priced, [{ taxRateBasisPoints: 550 }], null)).toBe(priced);
  });

  it("an amount larger than the items leaves the fees to pay", () => {
    const after = withPromo(priced, [{ taxRateBasisPoints: 550 }], {
      id: "p",
      code: "BIG",
      kind: "amount",
      percentBasisPoints: null,
      amountCents: 5000,
      ownerName: "Hub",
    });
    expect(after.discountCents).toBe(2000);
    expect(after.totalCents).toBe(300);
  });
});

describe("promoRefusal", () => {
  it("accepts a code within its terms", () => {
    expect(promoRefusal(terms, use)).toBeUndefined();
  });

  it("refuses, each with its reason", () => {
    expect(promoRefusal({ ...terms, active: false }, use)?.key).toBe("promoInactive");
    expect(promoRefusal({ ...terms, startsAt: new Date("2026-12-05T00:00:00Z") }, use)?.key).toBe("promoNotYetValid");
    expect(promoRefusal({ ...terms, endsAt: now }, use)?.key).toBe("promoExpired");
    expect(promoRefusal({ ...terms, orderCycleIds: ["c2"] }, use)?.key).toBe("promoWrongCycle");
    expect(promoRefusal({ ...terms, tags: ["vip"] }, use)?.key).toBe("promoWrongTag");
    expect(promoRefusal({ ...terms, tags: ["vip"] }, { ...use, buyerTags: ["vip"] })).toBeUndefined();
    expect(promoRefusal({ ...terms, minSubtotalCents: 2001 }, use)).toEqual({ key: "promoBelowMinimum", values: { minCents: 2001 } });
    expect(promoRefusal({ ...terms, minSubtotalCents: 2000 }, use)).toBeUndefined();
    expect(promoRefusal({ ...terms, maxUsesPerCustomer: 1 }, { ...use, buyerUses: 1 })?.key).toBe("promoUsedUpByYou");
    expect(promoRefusal({ ...terms, maxUses: 30, uses: 30 }, use)?.key).toBe("promoExhausted");
    expect(promoRefusal({ ...terms, maxUses: 30, uses: 29 }, use)).toBeUndefined();
  });
});

describe("createPromoCodeSchema", () => {
  const parse = (input: object) => createPromoCodeSchema.safeParse(input);

  it("accepts a percent in (0, 100] and an amount from one cent", () => {
    expect(parse({ code: "REDUC10", kind: "percent", percent: 10 }).success).toBe(true);
    expect(parse({ code: "ALL", kind: "percent", percent: 100 }).success).toBe(true);
    expect(parse({ code: "FIVE", kind: "amount", amountCents: 500 }).success).toBe(true);
    expect(storedValue({ kind: "percent", percent: 12.5 })).toEqual({ percentBasisPoints: 1250, amountCents: null });
  });

  it("refuses a percent outside 0–100, a negative amount, a missing value and an end before the start", () => {
    for (const percent of [0, -5, 100.5]) expect(parse({ code: "X", kind: "percent", percent }).success).toBe(false);
    expect(parse({ code: "X", kind: "amount", amountCents: -100 }).success).toBe(false);
    expect(parse({ code: "X", kind: "amount" }).success).toBe(false);
    expect(parse({ code: "bad code!", kind: "percent", percent: 5 }).success).toBe(false);
    expect(parse({ code: "X", kind: "percent", percent: 5, startsAt: "2026-12-05T00:00:00Z", endsAt: "2026-12-04T00:00:00Z" }).success).toBe(false);
  });
});
