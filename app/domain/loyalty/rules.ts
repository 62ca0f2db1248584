// Loyalty credit's pure rules (docs/domain.md 13, decision 0052): points earned on an order, their
// value in credit, what a buyer may spend at checkout, and which automatic tags a customer reached.
import { z } from "zod";
import { invalidField } from "#app/domain/errors";
import { parseMoney } from "#app/domain/money";

export const creditEntryKinds = ["earned", "spent", "adjustment", "refund"] as const;
export type CreditEntryKind = (typeof creditEntryKinds)[number];

export type LoyaltyRates = { pointsPerEuro: number; centsPerPoint: number };
export type AutoTagRule = { tag: string; afterCollectedOrders: number };

/**
 * Whole points for an amount of cents: pointsPerEuro per whole euro's worth, rounded down
 * (1 point per euro on 12.99 € is 12 points; 3 points per euro on 0.50 € is 1 point, 1.5 rounded down).
 * Computed on integers, so no binary fraction can tip it.
 */
export function pointsFor(eligibleCents: number, pointsPerEuro: number): number {
  if (!Number.isSafeInteger(eligibleCents) || !Number.isSafeInteger(pointsPerEuro)) throw new RangeError("Points need whole numbers");
  if (eligibleCents <= 0 || pointsPerEuro <= 0) return 0;
  return Math.floor((eligibleCents * pointsPerEuro) / 100);
}

/** Points convert to credit exactly: centsPerPoint is a whole number of cents. */
export function creditForPoints(points: number, centsPerPoint: number): number {
  if (!Number.isSafeInteger(points) || !Number.isSafeInteger(centsPerPoint)) throw new RangeError("Credit needs whole numbers");
  return Math.max(0, points) * Math.max(0, centsPerPoint);
}

/**
 * What an order earns once collected or paid: points on what the buyer paid other than credit
 * (credit does not earn credit), converted at once.
 */
export function earnedFor(orderTotalCents: number, paidWithCreditCents: number, rates: LoyaltyRates): { points: number; creditCents: number } {
  const points = pointsFor(Math.max(0, orderTotalCents - Math.max(0, paidWithCreditCents)), rates.pointsPerEuro);
  return { points, creditCents: creditForPoints(points, rates.centsPerPoint) };
}

/**
 * Why credit may not pay this much of an order, as a field error key of `useCreditCents`; the
 * balance itself is checked again in SQL when it is taken (two checkouts at once).
 */
export function creditUseRefusal(request: { amountCents: number; signedIn: boolean; balanceCents: number; totalCents: number }): string | undefined {
  if (request.amountCents <= 0) return undefined;
  if (!request.signedIn) return "creditNeedsAccount";
  if (request.amountCents > request.totalCents) return "creditAboveTotal";
  if (request.amountCents > request.balanceCents) return "creditAboveBalance";
  return undefined;
}

/** The rules' tags a customer with this many collected orders holds now and did not before. */
export function autoTagsReached(rules: readonly AutoTagRule[], collectedOrders: number, currentTags: readonly string[]): string[] {
  const held = new Set(currentTags);
  return [...new Set(rules.filter((rule) => collectedOrders >= rule.afterCollectedOrders && !held.has(rule.tag)).map((rule) => rule.tag))].sort();
}

/** A manual adjustment: never zero; the balance after it is checked in SQL. */
export const adjustmentSchema = z.object({
  amountCents: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((value) => value !== 0, { error: "fields.amountNotZero" }),
  note: z.string().trim().min(1).max(500),
});

const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9 _-]*$/, { error: "fields.invalidTag" });

/** The shop preferences' loyalty fields (PATCH /enterprises/:id/shop-preferences). */
export const loyaltyPreferenceFields = {
  loyalty: z
    .object({
      pointsPerEuro: z.number().int().min(1).max(100),
      centsPerPoint: z.number().int().min(1).max(1000),
    })
    .strict()
    .nullable()
    .optional(),
  autoTags: z
    .array(z.object({ tag, afterCollectedOrders: z.number().int().min(1).max(1000) }).strict())
    .max(20)
    .optional(),
};

/** One rule per tag: the lowest threshold given for it wins. */
export function normaliseAutoTags(rules: readonly AutoTagRule[]): AutoTagRule[] {
  const lowest = new Map<string, number>();
  for (const rule of rules) lowest.set(rule.tag, Math.min(rule.afterCollectedOrders, lowest.get(rule.tag) ?? Infinity));
  return [...lowest]
    .map(([tag, afterCollectedOrders]) => ({ tag, afterCollectedOrders }))
    .sort((a, b) => a.afterCollectedOrders - b.afterCollectedOrders || a.tag.localeCompare(b.tag));
}

/** The checkout form's "Use my credit" amount ("4,50") as cents: empty is none; not money is refused at the field. */
export function creditFromForm(raw: FormDataEntryValue | null): number | undefined {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return undefined;
  const amount = parseMoney(text);
  if (amount === undefined) throw invalidField("useCreditCents", "notMoney");
  return amount;
}
