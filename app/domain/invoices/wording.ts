// How an invoice's lines read, in its own language: the page and the PDF say the same words. Pure.
import { formatTaxRate, formatWeight } from "#app/i18n/format";
import type { InvoiceLine } from "./snapshot";

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The line's title and the smaller words under it ("1 kg · from Farm A · weighed: 430 g"). */
export function describeLine(line: InvoiceLine, t: Translate, locale: string): { title: string; note: string } {
  const notes: string[] = [];
  if (line.kind === "item") {
    if (line.detail) notes.push(line.detail);
    if (line.supplierName) notes.push(t("from", { name: line.supplierName }));
    if (line.weighedGrams !== null) notes.push(t("weighed", { weight: formatWeight(line.weighedGrams, locale) }));
  } else {
    if (line.detail) notes.push(line.detail);
    if (line.supplierName) notes.push(t("covers", { name: line.supplierName }));
  }
  if (line.kind === "discount") return { title: t("promoCode", { code: line.label }), note: notes.join(" · ") };
  return { title: line.label || (line.kind === "shipping" ? t("delivery") : ""), note: notes.join(" · ") };
}

export function rateText(rateBasisPoints: number, locale: string): string {
  return formatTaxRate(rateBasisPoints, locale);
}
