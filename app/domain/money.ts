// Money is integer cents in one currency per instance; this module rounds, parses and formats it.

export type Cents = number & { readonly __brand: "Cents" };

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Not a whole number of cents: ${value}`);
  return value as Cents;
}

/** Rounds half away from zero to the cent; amounts here are never negative, so this is "half up". */
export function roundHalfUp(value: number): Cents {
  const rounded = Math.sign(value) * Math.round(Math.abs(value) + Number.EPSILON * Math.abs(value));
  return cents(rounded === 0 ? 0 : rounded);
}

/** percent of an amount, as exact as the decimal percent allows, rounded half up to the cent. */
export function percentOf(amount: Cents, percent: number): Cents {
  // Scale to integers to avoid binary-fraction surprises (12.5% of 99 = 12.375 -> 12).
  const scaledPercent = Math.round(percent * 10_000);
  const numerator = amount * scaledPercent;
  const denominator = 100 * 10_000;
  return cents(Math.floor((numerator + denominator / 2) / denominator));
}

export function sumCents(values: readonly number[]): Cents {
  return cents(values.reduce((total, value) => total + value, 0));
}

/** One currency per instance (operations.md); euros until an instance setting says otherwise. */
export const CURRENCY = "EUR";

export function formatMoney(amount: number, locale: string, currency = CURRENCY): string {
  return new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { style: "currency", currency }).format(amount / 100);
}

/** Parses "4.50", "4,50", "4" into cents; undefined when it is not an amount. */
export function parseMoney(input: string): Cents | undefined {
  const normalised = input.trim().replace(/\s/g, "").replace(",", ".").replace(/^[€$£]/, "").replace(/[€$£]$/, "");
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(normalised)) return undefined;
  const [whole, fraction = ""] = normalised.split(".");
  return cents(Number(whole) * 100 + Number(fraction.padEnd(2, "0")));
}

export function centsToInput(amount: number): string {
  return (amount / 100).toFixed(2);
}
