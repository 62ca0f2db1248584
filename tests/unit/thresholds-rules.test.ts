// Pure rules of minimum thresholds (docs/domain.md 12): progress in exact integers, what a line
// counts, and what a close decides.
import { decideAtClose, lineValue, thresholdProgress } from "#app/domain/thresholds/rules";

describe("thresholdProgress", () => {
  test.each([
    [2000, 0, { currentValue: 0, reached: false, remaining: 2000, percent: 0 }],
    [2000, 1962, { currentValue: 1962, reached: false, remaining: 38, percent: 98 }],
    [2000, 1999, { currentValue: 1999, reached: false, remaining: 1, percent: 99 }],
    [2000, 2000, { currentValue: 2000, reached: true, remaining: 0, percent: 100 }],
    [2000, 3500, { currentValue: 3500, reached: true, remaining: 0, percent: 100 }],
    [3, 1, { currentValue: 1, reached: false, remaining: 2, percent: 33 }],
  ])("minimum %i, value %i", (minimum, value, expected) => {
    expect(thresholdProgress(minimum, value)).toEqual(expected);
  });
});

describe("lineValue", () => {
  const line = { quantity: 3, unitsPerCase: 1, supplierPriceCents: 250, totalCents: 840 };
  test("a supplier's amount is at its prices, the others at shop prices; units are items", () => {
    expect(lineValue({ scope: "supplier", measure: "amount" }, line)).toBe(750);
    expect(lineValue({ scope: "cycle", measure: "amount" }, line)).toBe(840);
    expect(lineValue({ scope: "shipping_method", measure: "amount" }, line)).toBe(840);
    expect(lineValue({ scope: "supplier", measure: "units" }, line)).toBe(3);
  });

  test.each([
    [12, 6, 2],
    [11, 6, 1],
    [5, 6, 0],
    [6, 6, 1],
    [3, 1, 3],
  ])("%i units sold by the case of %i are %i whole cases, whatever the scope", (quantity, unitsPerCase, cases) => {
    for (const scope of ["cycle", "supplier", "shipping_method"] as const) {
      expect(lineValue({ scope, measure: "cases" }, { ...line, quantity, unitsPerCase })).toBe(cases);
    }
  });

  test("cases count by the size the line was sold by, its units unchanged", () => {
    const soldBySix = { ...line, quantity: 12, unitsPerCase: 6 };
    expect(lineValue({ scope: "cycle", measure: "cases" }, soldBySix)).toBe(2);
    expect(lineValue({ scope: "cycle", measure: "units" }, soldBySix)).toBe(12);
  });
});

describe("decideAtClose", () => {
  const t = (id: string, policy: "proceed" | "cancel" | "extend", reached: boolean, extendDays: number | null = null) => ({ id, policy, reached, extendDays });

  test("short extend thresholds move the close once, by the longest of their days", () => {
    expect(decideAtClose([t("a", "extend", false, 2), t("b", "extend", false, 5), t("c", "cancel", false)], false)).toEqual({
      kind: "extend",
      days: 5,
      extendedIds: ["a", "b"],
    });
  });

  test("after an extension a short extend threshold cancels; reached is reached whatever the policy", () => {
    const decision = decideAtClose([t("a", "extend", false, 2), t("b", "cancel", true), t("c", "proceed", false), t("d", "cancel", false)], true);
    expect(decision).toEqual({
      kind: "apply",
      outcomes: new Map([
        ["a", "cancelled"],
        ["b", "reached"],
        ["c", "proceeded"],
        ["d", "cancelled"],
      ]),
    });
  });

  test("a reached extend threshold does not move the close", () => {
    expect(decideAtClose([t("a", "extend", true, 2)], false)).toEqual({ kind: "apply", outcomes: new Map([["a", "reached"]]) });
  });
});
