// The case-size rule (docs/domain.md 15, decision 0056): quantities count units and step by the case.
import { describe, expect, it } from "vitest";
import {
  caseErrors,
  casesOf,
  isWholeCases,
  largestWholeCases,
  limitCaseErrors,
  orderableStock,
  staleLimit,
  stepDown,
  stepUp,
  wholeCasesError,
} from "#app/domain/orders/cases";

describe("case sizes", () => {
  it("accepts any quantity of a variant sold singly", () => {
    for (const quantity of [0, 1, 5, 7, 999]) expect(isWholeCases(quantity, 1)).toBe(true);
  });

  it("accepts multiples of the case and nothing else", () => {
    expect([0, 6, 12, 18, 996].every((quantity) => isWholeCases(quantity, 6))).toBe(true);
    expect([1, 5, 7, 13, 999].some((quantity) => isWholeCases(quantity, 6))).toBe(false);
  });

  it("names the refusal after the line, with the first three quantities allowed", () => {
    const errors = caseErrors(
      [
        { variantId: "eggs", quantity: 7 },
        { variantId: "apples", quantity: 12 },
        { variantId: "honey", quantity: 3 },
      ],
      new Map([
        ["eggs", 6],
        ["apples", 6],
        ["honey", 1],
      ]),
    );
    expect(errors).toEqual({ "lines.eggs": { key: "wholeCases", values: { size: 6, first: 6, second: 12, third: 18 } } });
    expect(caseErrors([{ variantId: "eggs", quantity: 5 }], new Map([["eggs", 6]]), () => "quantity")).toEqual({ quantity: wholeCasesError(6) });
  });

  it("leaves a variant it does not know to the caller", () => {
    expect(caseErrors([{ variantId: "gone", quantity: 5 }], new Map())).toEqual({});
  });

  it("offers only whole cases of the stock left", () => {
    expect(orderableStock(null, 6)).toBeNull();
    expect(orderableStock(10, 6)).toBe(6);
    expect(orderableStock(5, 6)).toBe(0);
    expect(orderableStock(18, 6)).toBe(18);
    expect(orderableStock(5, 1)).toBe(5);
    expect(orderableStock(-2, 6)).toBe(0);
    expect(largestWholeCases(999, 6)).toBe(996);
  });

  it("reads a quantity as cases only when it is whole cases of a real case", () => {
    expect(casesOf(12, 6)).toEqual({ cases: 2, size: 6 });
    expect(casesOf(12, 1)).toBeNull();
    expect(casesOf(7, 6)).toBeNull();
    expect(casesOf(0, 6)).toBeNull();
  });
});

describe("the shop's stepper", () => {
  it("steps by the case, up and down, back onto whole cases from anywhere", () => {
    expect([stepUp(0, 6), stepUp(6, 6), stepUp(7, 6)]).toEqual([6, 12, 12]);
    expect([stepDown(12, 6), stepDown(6, 6), stepDown(7, 6), stepDown(0, 6)]).toEqual([6, 0, 6, 0]);
    expect([stepUp(2, 1), stepDown(2, 1)]).toEqual([3, 1]);
  });

  it("refuses a per-buyer limit set or changed that is not whole cases, and keeps one left as it was (decision 0059)", () => {
    const sizes = new Map([
      ["crate", 6],
      ["loose", 1],
    ]);
    expect(limitCaseErrors({ crate: 12, loose: 5 }, {}, sizes)).toEqual({});
    expect(limitCaseErrors({ crate: 5, loose: 5 }, {}, sizes)).toEqual({
      "limits.crate": { key: "limitWholeCases", values: { size: 6, first: 6, second: 12, third: 18 } },
    });
    expect(limitCaseErrors({ crate: 13 }, { crate: 12 }, sizes)).toHaveProperty(["limits.crate"]);
    expect(limitCaseErrors({ crate: 5 }, { crate: 5 }, sizes)).toEqual({});
    expect(limitCaseErrors({ unknown: 5 }, {}, sizes)).toEqual({});
  });

  it("warns of a limit the case size moved under, with what it still lets a buyer order", () => {
    expect(staleLimit(12, 6)).toBeNull();
    expect(staleLimit(5, 1)).toBeNull();
    expect(staleLimit(5, 6)).toEqual({ key: "limitNotWholeCases", values: { size: 6, first: 6, second: 12, third: 18, allowed: 0 } });
    expect(staleLimit(14, 6)?.values?.allowed).toBe(12);
  });
});
