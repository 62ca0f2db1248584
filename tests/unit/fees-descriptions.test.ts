// Calculators and taxes in plain words, in English and French, from the one pure describer.
import { describe, expect, it } from "vitest";
import type { Calculator } from "#app/domain/fees/calculators";
import { describeAdjustmentCoverWith, describeCalculatorWith, describeTaxWith } from "#app/domain/fees/descriptions";
import { translator } from "#app/i18n/resources.server";
import { describeCalculator, describeTax } from "#app/domain/fees/descriptions.server";
import { formatPercent } from "#app/i18n/format";

const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

const examples: { calculator: Calculator; en: string; fr: string }[] = [
  { calculator: { type: "per_item", amountCents: 50 }, en: "€0.50 per item", fr: "0,50 € par article" },
  { calculator: { type: "percent", percent: 12.5 }, en: "12.5% of price", fr: "12,5 % du prix" },
  { calculator: { type: "flat_rate", amountCents: 300 }, en: "€3.00 per order", fr: "3,00 € par commande" },
  {
    calculator: { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 },
    en: "€2.00 for the first item, €1.00 for each additional up to 5",
    fr: "2,00 € pour le premier article, 1,00 € pour chaque article suivant jusqu’à 5",
  },
  {
    calculator: { type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 },
    en: "€4.00, or €2.00 from €50.00 of products",
    fr: "4,00 €, ou 2,00 € à partir de 50,00 € de produits",
  },
  { calculator: { type: "weight", centsPerKg: 120 }, en: "€1.20 per kg", fr: "1,20 € par kg" },
];

describe("fee descriptions", () => {
  for (const example of examples) {
    it(`describes ${example.calculator.type} as "${example.en}" and in French`, () => {
      expect(describeCalculator(example.calculator, "en")).toBe(example.en);
      expect(spaces(describeCalculator(example.calculator, "fr"))).toBe(example.fr);
    });
  }

  it("says a flexible rate with max items 1 is simply an amount per order", () => {
    expect(describeCalculator({ type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 1 }, "en")).toBe("€2.00 per order");
  });

  it("the pure describer only needs a translate function", () => {
    const t = (key: string, values?: Record<string, string | number>) => `${key} ${JSON.stringify(values)}`;
    expect(describeCalculatorWith(t, { type: "weight", centsPerKg: 120 }, "en")).toBe('describe.weight {"amount":"€1.20"}');
  });

  it("describes the tax: same as the product, a rate, or none", () => {
    expect(describeTax({ taxFollowsProduct: true, taxRateBasisPoints: 0 }, "en")).toBe("Same as the product");
    expect(describeTax({ taxFollowsProduct: false, taxRateBasisPoints: 2000 }, "en")).toBe("20%");
    expect(spaces(describeTax({ taxFollowsProduct: false, taxRateBasisPoints: 550 }, "fr"))).toBe("5,5 %");
    expect(describeTax({ taxFollowsProduct: false, taxRateBasisPoints: 0 }, "fr")).toBe("Sans TVA");
    expect(describeTaxWith((key) => key, { taxFollowsProduct: true, taxRateBasisPoints: 2000 }, "en")).toBe("tax.followsProduct");
  });
});

describe("a tax rate", () => {
  it("is written in the reader's language: 5.5% in English, 5,5 % in French", () => {
    expect(formatPercent(5.5, "en")).toBe("5.5%");
    expect(formatPercent(5.5, "fr")).toMatch(/^5,5\s%$/);
    expect(formatPercent(20, "fr")).toMatch(/^20\s%$/);
  });
});

describe("what an order adjustment covers", () => {
  const inLanguage = (locale: "en" | "fr") => {
    const t = translator(locale, "fees");
    return (key: string, values?: Record<string, string | number>) => t(key, values);
  };
  it("names the supplier of an incoming fee, the whole order for a coordinator or outgoing fee, nothing for shipping", () => {
    const en = inLanguage("en");
    expect(describeAdjustmentCoverWith(en, { place: "incoming", supplierName: "Les Jardins de Marie", enterpriseName: "Green Valley Food Hub" })).toBe(
      "on Les Jardins de Marie's items",
    );
    expect(describeAdjustmentCoverWith(en, { place: "coordinator", supplierName: "", enterpriseName: "Green Valley Food Hub" })).toBe(
      "Green Valley Food Hub, on the whole order",
    );
    expect(describeAdjustmentCoverWith(en, { place: "outgoing", supplierName: "", enterpriseName: "Riverside Co-op" })).toBe(
      "Riverside Co-op, on the whole order",
    );
    expect(describeAdjustmentCoverWith(en, { place: "shipping", supplierName: "", enterpriseName: "" })).toBe("");
    expect(
      describeAdjustmentCoverWith(inLanguage("fr"), { place: "incoming", supplierName: "Les Jardins de Marie", enterpriseName: "Green Valley Food Hub" }),
    ).toBe("sur les produits de Les Jardins de Marie");
  });
  it("falls back to the fee's enterprise for an order stored before the supplier was recorded", () => {
    expect(describeAdjustmentCoverWith(inLanguage("en"), { place: "incoming", supplierName: "", enterpriseName: "Green Valley Food Hub" })).toBe(
      "Green Valley Food Hub",
    );
  });
});
