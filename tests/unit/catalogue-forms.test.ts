// Reading the catalogue's forms: money with a comma, empty stock as unlimited, tax percents, changed rows only.
import { describe, expect, it } from "vitest";
import {
  cellText,
  isCellChanged,
  productFromForm,
  readMoney,
  readStock,
  readTaxRate,
  taxRateToInput,
  variantEditsFromForm,
  withFormErrors,
} from "#app/domain/catalogue/forms";
import { DomainError } from "#app/domain/errors";
import { shippingMethodFromForm } from "#app/domain/methods/forms";
import { formatTaxRate, formatWeight } from "#app/i18n/format";

describe("catalogue form fields", () => {
  it("reads money typed as 4,50 or 4.50 and refuses anything else", () => {
    expect(readMoney("4,50")).toEqual({ ok: true, value: 450 });
    expect(readMoney(" 4.5 ")).toEqual({ ok: true, value: 450 });
    expect(readMoney("")).toMatchObject({ ok: false, key: "required" });
    expect(readMoney("-1")).toMatchObject({ ok: false, key: "notMoney" });
    expect(readMoney("four")).toMatchObject({ ok: false, key: "notMoney" });
  });

  it("reads an empty stock as unlimited and refuses negative or fractional stock", () => {
    expect(readStock("")).toEqual({ ok: true, value: null });
    expect(readStock("12")).toEqual({ ok: true, value: 12 });
    expect(readStock("-1")).toMatchObject({ ok: false, key: "wholeNumber" });
    expect(readStock("1.5")).toMatchObject({ ok: false, key: "wholeNumber" });
  });

  it("reads tax rates as percents into basis points", () => {
    expect(readTaxRate("5,5")).toEqual({ ok: true, value: 550 });
    expect(readTaxRate("20 %")).toEqual({ ok: true, value: 2000 });
    expect(readTaxRate("")).toEqual({ ok: true, value: 0 });
    expect(readTaxRate("100")).toEqual({ ok: true, value: 10_000 });
    expect(readTaxRate("100.01")).toMatchObject({ ok: false, key: "percent" });
    expect(readTaxRate("abc")).toMatchObject({ ok: false, key: "percent" });
    expect(taxRateToInput(550, "fr")).toBe("5,5");
    expect(taxRateToInput(550, "en")).toBe("5.5");
    expect(formatTaxRate(550, "en")).toBe("5.5%");
  });

  it("shows prices in the reader's decimal style and weights in g or kg", () => {
    expect(cellText("price", 450, "fr")).toBe("4,50");
    expect(cellText("price", 450, "en")).toBe("4.50");
    expect(cellText("stock", null)).toBe("");
    expect(formatWeight(250, "en")).toBe("250 g");
    expect(formatWeight(1500, "fr").replace(/\s/g, " ")).toBe("1,5 kg");
  });
});

describe("the new-product form", () => {
  it("skips blank variant rows and names a command's errors after the row the user typed in", () => {
    const parse = productFromForm({
      name: "Honey",
      taxRate: "5,5",
      "variants.0.name": "",
      "variants.0.price": "",
      "variants.0.stock": "",
      "variants.0.weight": "",
      "variants.2.name": "Jar",
      "variants.2.price": "7,80",
      "variants.2.stock": "",
      "variants.2.weight": "450",
    });
    expect(parse.errors).toEqual({});
    expect(parse.input).toMatchObject({ name: "Honey", taxRateBasisPoints: 550, variants: [{ name: "Jar", priceCents: 780, stock: null, weightGrams: 450 }] });
    expect(parse.fieldName("variants.0.priceCents")).toBe("variants.2.price");
    expect(parse.fieldName("taxRateBasisPoints")).toBe("taxRate");
  });
});

describe("the inline-edit table", () => {
  it("sends only cells that differ from what the page showed; 3.9 and 3,90 are the same price", () => {
    expect(isCellChanged("price", "3,90", "3.9")).toBe(false);
    expect(isCellChanged("stock", "", "")).toBe(false);
    expect(isCellChanged("stock", "0", "")).toBe(true);
    const parse = variantEditsFromForm({
      "price.a": "3,70",
      "priceWas.a": "3.50",
      "stock.a": "80",
      "stockWas.a": "80",
      "price.b": "15",
      "priceWas.b": "15.00",
      "stock.b": "",
      "stockWas.b": "10",
      "price.c": "3.9",
      "priceWas.c": "3.90",
      "stock.c": "40",
      "stockWas.c": "40",
      // A cell without what the page showed is not an edit (a crafted or truncated form).
      "stock.d": "1",
    });
    expect(parse.input.variants).toEqual([
      { id: "a", priceCents: 370 },
      { id: "b", stock: null },
    ]);
    expect(parse.fieldName("variants.1.stock")).toBe("stock.b");
  });

  it("a refused cell leaves its raw text, so the command refuses the whole form", () => {
    const parse = variantEditsFromForm({ "stock.a": "-1", "stockWas.a": "5" });
    expect(parse.errors).toEqual({ "stock.a": { key: "wholeNumber" } });
    expect(parse.input.variants).toEqual([{ id: "a", stock: "-1" }]);
  });

  it("sets a case size, clears it back to sold singly, and leaves an untouched one alone", () => {
    const parse = variantEditsFromForm({
      "unitsPerCase.a": "6",
      "unitsPerCaseWas.a": "",
      "unitsPerCase.b": "",
      "unitsPerCaseWas.b": "12",
      "unitsPerCase.c": "1",
      "unitsPerCaseWas.c": "",
      "unitsPerCase.d": "half",
      "unitsPerCaseWas.d": "",
    });
    expect(parse.input.variants).toEqual([
      { id: "a", unitsPerCase: 6 },
      { id: "b", unitsPerCase: 1 },
      { id: "d", unitsPerCase: "half" },
    ]);
    expect(parse.fieldName("variants.2.unitsPerCase")).toBe("unitsPerCase.d");
    expect(cellText("unitsPerCase", 1)).toBe("");
    expect(cellText("unitsPerCase", 6)).toBe("6");
  });
});

describe("withFormErrors", () => {
  it("joins the form's own errors with the command's, renamed to the form's inputs", async () => {
    const parse = productFromForm({ name: "", taxRate: "x", "variants.1.name": "A", "variants.1.price": "oops", "variants.1.stock": "" });
    const failure = withFormErrors(parse, async () => {
      throw new DomainError("validation_failed", { name: { key: "required" }, "variants.0.priceCents": { key: "invalidType" } });
    });
    await expect(failure).rejects.toMatchObject({
      code: "validation_failed",
      fields: { name: { key: "required" }, taxRate: { key: "percent" }, "variants.1.price": { key: "notMoney" } },
    });
  });

  it("passes other failures through untouched", async () => {
    const parse = productFromForm({ name: "x" });
    await expect(
      withFormErrors(parse, async () => {
        throw new DomainError("forbidden");
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the shipping method form", () => {
  it("reads a fee typed with a comma, an empty fee as free, and names the fee field in errors", () => {
    expect(shippingMethodFromForm({ name: "Van", kind: "delivery", fee: "2,50" }, { withKind: true }).input).toMatchObject({ kind: "delivery", feeCents: 250 });
    expect(shippingMethodFromForm({ name: "Barn", fee: "" }, { withKind: false }).input).toMatchObject({ feeCents: 0 });
    expect(shippingMethodFromForm({ name: "Barn" }, { withKind: false }).input).not.toHaveProperty("kind");
    const bad = shippingMethodFromForm({ name: "Van", fee: "lots" }, { withKind: false });
    expect(bad.errors).toEqual({ fee: { key: "notMoney" } });
    expect(bad.fieldName("feeCents")).toBe("fee");
  });
});
