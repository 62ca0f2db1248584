// The six fee calculators of docs/domain.md section 4 as pure functions of integer cents, and the one
// schema that says what a valid calculator is. Per-item amounts are rounded per unit, so a line
// costs its unit amount × quantity; per-order amounts are computed once over the items they cover.
import { z } from "zod";
import { cents, mulDivRoundHalfUp, percentOf, sumCents, type Cents } from "#app/domain/money";

export const calculatorTypes = ["flat_rate", "per_item", "percent", "flexible", "price_sack", "weight"] as const;
export type CalculatorType = (typeof calculatorTypes)[number];

type FlatRateCalculator = { type: "flat_rate"; amountCents: number };
type PerItemRateCalculator = { type: "per_item"; amountCents: number };
type PercentCalculator = { type: "percent"; percent: number };
export type FlexibleCalculator = { type: "flexible"; firstItemCents: number; additionalItemCents: number; maxItems: number };
export type PriceSackCalculator = { type: "price_sack"; thresholdCents: number; normalCents: number; discountCents: number };
type WeightCalculator = { type: "weight"; centsPerKg: number };

export type PerItemCalculator = PerItemRateCalculator | PercentCalculator | WeightCalculator;
export type PerOrderCalculator = FlatRateCalculator | FlexibleCalculator | PriceSackCalculator;
export type Calculator = PerItemCalculator | PerOrderCalculator;

const perItemCalculatorTypes = ["per_item", "percent", "weight"] as const satisfies readonly PerItemCalculator["type"][];

/** The parameters each calculator takes, in the order forms and descriptions show them. */
export const calculatorParams = {
  flat_rate: ["amountCents"],
  per_item: ["amountCents"],
  percent: ["percent"],
  flexible: ["firstItemCents", "additionalItemCents", "maxItems"],
  price_sack: ["thresholdCents", "normalCents", "discountCents"],
  weight: ["centsPerKg"],
} as const satisfies { [T in CalculatorType]: readonly Exclude<keyof Extract<Calculator, { type: T }>, "type">[] };

export function isCalculatorType(value: unknown): value is CalculatorType {
  return typeof value === "string" && (calculatorTypes as readonly string[]).includes(value);
}

/** Per-item fees go into the shop price of each unit; the others become order adjustments. */
export function isPerItem(calculator: Calculator): calculator is PerItemCalculator;
export function isPerItem(calculator: { type: string }): boolean;
export function isPerItem(calculator: { type: string }): boolean {
  return (perItemCalculatorTypes as readonly string[]).includes(calculator.type);
}

/** What one unit of a variant is: its supplier price and, when known, its weight. */
export type Unit = { priceCents: number; weightGrams?: number | null };

/**
 * The fee on one unit, rounded half up to the cent: a flat amount, a percentage of the supplier
 * price (never of other fees), or the weight in kg × the amount per kg. A unit without a weight
 * pays no weight fee.
 */
export function perUnitAmount(calculator: PerItemCalculator, unit: Unit): Cents {
  switch (calculator.type) {
    case "per_item":
      return cents(calculator.amountCents);
    case "percent":
      return percentOf(unit.priceCents, calculator.percent);
    case "weight":
      return mulDivRoundHalfUp(unit.weightGrams ?? 0, calculator.centsPerKg, 1000);
  }
}

/** A line of a per-item fee: the rounded unit amount × quantity, so the price seen is the price paid. */
export function lineAmount(calculator: PerItemCalculator, unit: Unit, quantity: number): Cents {
  return cents(perUnitAmount(calculator, unit) * quantity);
}

/** `valueCents`: what the items are worth when not priceCents × quantity (a weighed line). */
export type OrderItem = { quantity: number; priceCents: number; valueCents?: number };

/**
 * A per-order fee over the items it applies to (quantities summed over those items). With no item
 * there is nothing to charge: every per-order calculator answers 0.
 */
export function perOrderAmount(calculator: PerOrderCalculator, items: readonly OrderItem[]): Cents {
  const quantity = items.reduce((total, item) => total + item.quantity, 0);
  if (quantity <= 0) return cents(0);
  switch (calculator.type) {
    case "flat_rate":
      return cents(calculator.amountCents);
    case "flexible": {
      const counted = Math.min(quantity, calculator.maxItems);
      return cents(calculator.firstItemCents + calculator.additionalItemCents * Math.max(counted - 1, 0));
    }
    case "price_sack": {
      const subtotal = sumCents(items.map((item) => item.valueCents ?? item.priceCents * item.quantity));
      return cents(subtotal < calculator.thresholdCents ? calculator.normalCents : calculator.discountCents);
    }
  }
}

/** The stored form of a calculator (type column + JSON params) back into a Calculator. */
export function calculatorFromStored(type: string, params: Record<string, number>): Calculator {
  return { ...params, type } as Calculator;
}

/** The JSON params column of a calculator: everything but its type. */
export function storedParams(calculator: Calculator): Record<string, number> {
  const { type: _type, ...params } = calculator;
  return params as Record<string, number>;
}

export function sameCalculator(a: Calculator, b: Calculator): boolean {
  if (a.type !== b.type) return false;
  const keys = calculatorParams[a.type] as readonly string[];
  const left = a as unknown as Record<string, number>;
  const right = b as unknown as Record<string, number>;
  return keys.every((key) => left[key] === right[key]);
}

// ---------------------------------------------------------------------------------------------
// Validation: one schema for the API and the forms. Field errors land on `calculator.<param>`.

/** The largest fee amount one calculator parameter may hold: €10,000. */
const MAX_FEE_CENTS = 1_000_000;
/** A price sack threshold may be larger than any fee: €1,000,000 of products. */
const MAX_THRESHOLD_CENTS = 100_000_000;
const MAX_FLEXIBLE_ITEMS = 10_000;

/** A missing value reads "required"; a fraction or a string "enter a whole number". */
export const whole = () => z.int({ error: (issue) => (issue.code === "invalid_type" && issue.input !== undefined ? "fields.wholeNumber" : undefined) });
const amount = whole().min(0).max(MAX_FEE_CENTS);

/** A percentage above 0 and up to 100, with at most two decimals (12.5, 7.25). */
const percent = z
  .number({ error: (issue) => (issue.input === undefined ? undefined : "fields.percent") })
  .gt(0, { error: "fields.percent" })
  .max(100, { error: "fields.percent" })
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-7, { error: "fields.percentDecimals" });

export const calculatorSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("flat_rate"), amountCents: amount }),
    z.strictObject({ type: z.literal("per_item"), amountCents: amount }),
    z.strictObject({ type: z.literal("percent"), percent }),
    z.strictObject({
      type: z.literal("flexible"),
      firstItemCents: amount,
      additionalItemCents: amount,
      maxItems: whole().min(1).max(MAX_FLEXIBLE_ITEMS),
    }),
    z.strictObject({
      type: z.literal("price_sack"),
      thresholdCents: whole().min(0).max(MAX_THRESHOLD_CENTS),
      normalCents: amount,
      discountCents: amount,
    }),
    z.strictObject({ type: z.literal("weight"), centsPerKg: amount }),
  ],
  // A missing calculator reads "required"; an unknown type "choose one of the options".
  { error: (issue) => (issue.code === "invalid_union" || (issue.input !== undefined && issue.input !== null) ? "fields.invalidChoice" : undefined) },
);
