// Reading the fee form: only the chosen calculator's fields, money as "0,50", percents as "12,5", the tax choice.
import { describe, expect, it } from "vitest";
import { feeFromForm, paramToInput, readPercent } from "#app/domain/fees/forms";

const base = { name: "Packing", feeType: "packing", taxMode: "rate", taxRate: "" };
/** Every parameter field, as a browser without JavaScript sends them. */
const allParams = {
  "flat_rate.amountCents": "",
  "per_item.amountCents": "",
  "percent.percent": "",
  "flexible.firstItemCents": "",
  "flexible.additionalItemCents": "",
  "flexible.maxItems": "",
  "price_sack.thresholdCents": "",
  "price_sack.normalCents": "",
  "price_sack.discountCents": "",
  "weight.centsPerKg": "",
};

describe("fee form", () => {
  it("uses only the fields of the chosen calculator and reads money typed as 0,50", () => {
    const parse = feeFromForm({ ...base, ...allParams, calculatorType: "per_item", "per_item.amountCents": "0,50", "flat_rate.amountCents": "junk" });
    expect(parse.errors).toEqual({});
    expect(parse.input).toEqual({
      name: "Packing",
      feeType: "packing",
      calculator: { type: "per_item", amountCents: 50 },
      taxFollowsProduct: false,
      taxRateBasisPoints: 0,
    });
  });

  it("reads a percent typed as 12,5 and a tax rate typed as 5,5", () => {
    const parse = feeFromForm({ ...base, ...allParams, calculatorType: "percent", "percent.percent": "12,5", taxRate: "5,5" });
    expect(parse.input.calculator).toEqual({ type: "percent", percent: 12.5 });
    expect(parse.input.taxRateBasisPoints).toBe(550);
  });

  it("reads the three fields of a flexible rate and of a price sack", () => {
    expect(
      feeFromForm({ ...base, calculatorType: "flexible", "flexible.firstItemCents": "2", "flexible.additionalItemCents": "1.00", "flexible.maxItems": "5" })
        .input.calculator,
    ).toEqual({ type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 });
    expect(
      feeFromForm({
        ...base,
        calculatorType: "price_sack",
        "price_sack.thresholdCents": "50",
        "price_sack.normalCents": "4",
        "price_sack.discountCents": "2,00",
      }).input.calculator,
    ).toEqual({ type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 });
  });

  it("names the input that is wrong, keeping its raw text for the command to refuse too", () => {
    const parse = feeFromForm({ ...base, calculatorType: "weight", "weight.centsPerKg": "cheap", taxRate: "abc" });
    expect(parse.errors).toEqual({ "weight.centsPerKg": { key: "notMoney" }, taxRate: { key: "percent" } });
    expect(parse.input.calculator).toEqual({ type: "weight", centsPerKg: "cheap" });
    expect(parse.fieldName("calculator.centsPerKg")).toBe("weight.centsPerKg");
    expect(parse.fieldName("calculator.type")).toBe("calculatorType");
    expect(parse.fieldName("taxFollowsProduct")).toBe("taxMode");
    expect(parse.fieldName("taxRateBasisPoints")).toBe("taxRate");
  });

  it("follows the product's tax when asked, with no rate of its own", () => {
    const parse = feeFromForm({ ...base, calculatorType: "per_item", "per_item.amountCents": "1", taxMode: "product", taxRate: "20" });
    expect(parse.input).toMatchObject({ taxFollowsProduct: true, taxRateBasisPoints: 0 });
  });

  it("leaves the calculator out of an edit form that has no calculator fields (a fee a cycle uses)", () => {
    expect(feeFromForm({ ...base }, { partial: true }).input).not.toHaveProperty("calculator");
    expect(feeFromForm({ ...base }).input.calculator).toEqual({ type: "" });
  });

  it("reads percents with at most two decimals", () => {
    expect(readPercent("12,5")).toEqual({ ok: true, value: 12.5 });
    expect(readPercent("7.25 %")).toEqual({ ok: true, value: 7.25 });
    expect(readPercent("12,345")).toMatchObject({ ok: false, key: "percentDecimals" });
    expect(readPercent("")).toMatchObject({ ok: false, key: "required" });
    expect(readPercent("-3")).toMatchObject({ ok: false, key: "percent" });
  });

  it("shows stored parameters in the reader's decimal style, and nothing for other calculators", () => {
    expect(paramToInput({ type: "per_item", amountCents: 50 } as never, "per_item", "amountCents", "fr")).toBe("0,50");
    expect(paramToInput({ type: "percent", percent: 12.5 } as never, "percent", "percent", "fr")).toBe("12,5");
    expect(paramToInput({ type: "percent", percent: 12.5 } as never, "percent", "percent", "en")).toBe("12.5");
    expect(paramToInput({ type: "flexible", maxItems: 5 } as never, "flexible", "maxItems", "en")).toBe("5");
    expect(paramToInput({ type: "per_item", amountCents: 50 } as never, "weight", "centsPerKg", "en")).toBe("");
  });
});
