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

/**
 * a × b / divisor for non-negative whole numbers, rounded half up to a whole cent, computed exactly
 * (BigInt) so that neither a binary fraction nor a product beyond 2^53 can tip a rounding.
 */
export function mulDivRoundHalfUp(a: number, b: number, divisor: number): Cents {
  for (const value of [a, b, divisor]) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a whole non-negative number: ${value}`);
  }
  if (divisor === 0) throw new RangeError("Division by zero");
  const numerator = BigInt(a) * BigInt(b);
  const d = BigInt(divisor);
  return cents(Number((2n * numerator + d) / (2n * d)));
}

/**
 * The one helper that applies a percentage: percent (up to 4 decimals, e.g. 12.5) of a whole
 * amount of cents, rounded half up to the cent (12.5% of 99 = 12.375 -> 12; of 101 = 12.625 -> 13).
 */
export function percentOf(amount: number, percent: number): Cents {
  if (!Number.isFinite(percent) || percent < 0) throw new RangeError(`Not a percentage: ${percent}`);
  // Scale to a whole number of ten-thousandths of a percent: 12.5 -> 125000, exactly.
  const scaledPercent = Math.round(percent * 10_000);
  return mulDivRoundHalfUp(amount, scaledPercent, 100 * 10_000);
}

export function sumCents(values: readonly number[]): Cents {
  return cents(values.reduce((total, value) => total + value, 0));
}

/** One currency per instance (docs/operations.md); euros until an instance setting says otherwise. */
export const CURRENCY = "EUR";

/** Parses "4.50", "4,50", "4" into cents; undefined when it is not an amount. */
export function parseMoney(input: string): Cents | undefined {
  const normalised = input
    .trim()
    .replace(/\s/g, "")
    .replace(",", ".")
    .replace(/^[€$£]/, "")
    .replace(/[€$£]$/, "");
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(normalised)) return undefined;
  const [whole, fraction = ""] = normalised.split(".");
  return cents(Number(whole) * 100 + Number(fraction.padEnd(2, "0")));
}

export function centsToInput(amount: number): string {
  return (amount / 100).toFixed(2);
}
