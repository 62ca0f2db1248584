// Calculators and tax choices in plain words ("€0.50 per item", "12.5% of price"). Pure: the caller
// passes the translate function of the `fees` namespace, so pages, emails and tests share one text.
import type { Calculator, CalculatorType } from "./calculators";
import { formatMoney, formatPercent } from "#app/i18n/format";

export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Translation keys are camelCase; calculator types are snake_case. */
export const calculatorKeys: Record<CalculatorType, string> = {
  flat_rate: "flatRate",
  per_item: "perItem",
  percent: "percent",
  flexible: "flexible",
  price_sack: "priceSack",
  weight: "weight",
};

export function describeCalculatorWith(t: Translate, calculator: Calculator, locale: string): string {
  const money = (amount: number) => formatMoney(amount, locale);
  switch (calculator.type) {
    case "flat_rate":
      return t("describe.flatRate", { amount: money(calculator.amountCents) });
    case "per_item":
      return t("describe.perItem", { amount: money(calculator.amountCents) });
    case "percent":
      return t("describe.percent", { percent: formatPercent(calculator.percent, locale) });
    case "flexible":
      return calculator.maxItems === 1
        ? t("describe.flexibleSingle", { first: money(calculator.firstItemCents) })
        : t("describe.flexible", {
            first: money(calculator.firstItemCents),
            additional: money(calculator.additionalItemCents),
            max: calculator.maxItems,
          });
    case "price_sack":
      return t("describe.priceSack", {
        normal: money(calculator.normalCents),
        discount: money(calculator.discountCents),
        threshold: money(calculator.thresholdCents),
      });
    case "weight":
      return t("describe.weight", { amount: money(calculator.centsPerKg) });
  }
}

/** The tax of a fee in words: "Same as the product", "20%", or "No tax". */
export function describeTaxWith(t: Translate, fee: { taxFollowsProduct: boolean; taxRateBasisPoints: number }, locale: string): string {
  if (fee.taxFollowsProduct) return t("tax.followsProduct");
  if (fee.taxRateBasisPoints === 0) return t("tax.none");
  return formatPercent(fee.taxRateBasisPoints / 100, locale);
}

export type AdjustmentCover = { place?: string | null; supplierName?: string | null; enterpriseName?: string | null };

/**
 * What an order adjustment covers, shown beside its label so that the same per-order fee on two
 * suppliers reads as two different charges: "on Les Jardins de Marie's items" for an incoming fee,
 * "Green Valley Food Hub, on the whole order" for a coordinator or outgoing one; nothing for
 * shipping (its label is the method's name). Orders stored before the supplier was recorded fall
 * back to the fee's enterprise.
 */
export function describeAdjustmentCoverWith(t: Translate, adjustment: AdjustmentCover): string {
  if (adjustment.place === "shipping") return "";
  // A promo code's discount (decision 0051): said as one, with whose code it is.
  if (adjustment.place === "promo") return t("adjustments.promoCode", { enterprise: adjustment.enterpriseName ?? "" });
  if (adjustment.place === "incoming" && adjustment.supplierName) return t("adjustments.onItemsOf", { supplier: adjustment.supplierName });
  if ((adjustment.place === "coordinator" || adjustment.place === "outgoing") && adjustment.enterpriseName)
    return t("adjustments.onWholeOrder", { enterprise: adjustment.enterpriseName });
  return adjustment.enterpriseName ?? "";
}
