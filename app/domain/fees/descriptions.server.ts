// Calculator and tax descriptions in a reader's language, for the API and emails (server-side text).
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import type { Calculator } from "./calculators";
import { describeCalculatorWith, describeTaxWith } from "./descriptions";

export function describeCalculator(calculator: Calculator, locale: Locale): string {
  const t = translator(locale, "fees");
  return describeCalculatorWith((key, values) => t(key, values), calculator, locale);
}

export function describeTax(fee: { taxFollowsProduct: boolean; taxRateBasisPoints: number }, locale: Locale): string {
  const t = translator(locale, "fees");
  return describeTaxWith((key, values) => t(key, values), fee, locale);
}

/** A fee as the API answers it: its stored fields plus its calculation in the caller's language. */
export function withDescription<T extends { calculator: Calculator }>(fee: T, locale: Locale): T & { description: string } {
  return { ...fee, description: describeCalculator(fee.calculator, locale) };
}
