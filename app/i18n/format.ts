// Money, percentages, weights and dates as the reader writes them ("12,50 €", "5,5 %", "vendredi
// 4 décembre"): the one place that knows each language's number and date style.
import { CURRENCY } from "#app/domain/money";

/** The Intl locale of one of Circuit's languages: British English or French of France. */
export function numberLocale(locale: string): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, locale: string, currency = CURRENCY): string {
  const tag = numberLocale(locale);
  // Building a NumberFormat costs far more than using one: pages and emails format hundreds of amounts.
  let format = moneyFormats.get(`${tag} ${currency}`);
  if (!format) moneyFormats.set(`${tag} ${currency}`, (format = new Intl.NumberFormat(tag, { style: "currency", currency })));
  return format.format(amount / 100);
}

/** "Friday 4 December 2026, 18:00" in the viewer's language, read in the zone. */
export function formatInstant(
  instant: Date | string,
  zone: string,
  locale: string,
  options: { withYear?: boolean; withWeekday?: boolean; compact?: boolean } = {},
): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(numberLocale(locale), {
    timeZone: zone,
    weekday: options.withWeekday === false ? undefined : options.compact ? "short" : "long",
    day: "numeric",
    month: options.compact ? "short" : "long",
    year: options.withYear === false ? undefined : "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** The day an instant falls on in a zone, with its year: "4 December 2026" (a printed document's date). */
export function formatDate(instant: Date, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(numberLocale(locale), { day: "numeric", month: "long", year: "numeric", timeZone: zone }).format(instant);
}

/** A calendar day ("2026-12-04", a distributor's ready-on date) written out: "Friday 4 December". */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(numberLocale(locale), { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function formatTaxRate(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(numberLocale(locale), { style: "percent", maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

export function formatWeight(grams: number | null, locale: string): string {
  if (grams === null) return "";
  const tag = numberLocale(locale);
  if (grams < 1000) return new Intl.NumberFormat(tag, { style: "unit", unit: "gram" }).format(grams);
  return new Intl.NumberFormat(tag, { style: "unit", unit: "kilogram", maximumFractionDigits: 3 }).format(grams / 1000);
}

/** The symbol of the instance's currency as the reader writes it ("€"). */
export function currencySymbol(locale: string, currency = "EUR"): string {
  const parts = new Intl.NumberFormat(numberLocale(locale), { style: "currency", currency }).formatToParts(0);
  return parts.find((part) => part.type === "currency")?.value ?? currency;
}

/** 12.5 -> "12.5%" (en) or "12,5 %" (fr). */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(numberLocale(locale), { style: "percent", maximumFractionDigits: 2 }).format(percent / 100);
}

/** Text for the standard PDF fonts, which speak WinAnsi: the narrow and no-break spaces of French numbers become plain spaces. */
export function pdfText(text: string): string {
  return text.replace(/[\u202f\u00a0\u2009]/g, " ");
}
