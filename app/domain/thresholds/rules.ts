// Minimum thresholds (docs/domain.md 12) as pure functions: the input's shape, progress towards a
// minimum in exact integers (cents, units or whole cases), and which thresholds are short at a close.
import { z } from "zod";

const thresholdScopes = ["cycle", "supplier", "shipping_method"] as const;
export const thresholdMeasures = ["amount", "units", "cases"] as const;
const thresholdPolicies = ["proceed", "cancel", "extend"] as const;

export type ThresholdScope = (typeof thresholdScopes)[number];
export type ThresholdMeasure = (typeof thresholdMeasures)[number];
export type ThresholdPolicy = (typeof thresholdPolicies)[number];
export type ThresholdOutcome = "reached" | "proceeded" | "cancelled" | "extended";

/** A close moves by at most this many days. */
const MAX_EXTEND_DAYS = 30;
/** 10 million euros in cents, or 10 million items or cases: beyond any group order, inside an integer column. */
const MAX_MINIMUM = 1_000_000_000;

const id = z.string().trim().min(1).max(64);

/** POST /order-cycles/:id/thresholds and the editor's form: the shape only; the cycle's parties are checked against the cycle. */
export const thresholdInputSchema = z
  .object({
    scope: z.enum(thresholdScopes),
    supplierId: id.optional(),
    distributorId: id.optional(),
    shippingMethodId: id.optional(),
    measure: z.enum(thresholdMeasures),
    minimum: z.number().int({ error: "fields.wholeNumber" }).min(1).max(MAX_MINIMUM),
    policy: z.enum(thresholdPolicies),
    extendDays: z.number().int({ error: "fields.wholeNumber" }).min(1).max(MAX_EXTEND_DAYS).nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.scope === "supplier" && !input.supplierId) ctx.addIssue({ code: "custom", path: ["supplierId"], message: "fields.required" });
    if (input.scope === "shipping_method" && !input.distributorId) ctx.addIssue({ code: "custom", path: ["distributorId"], message: "fields.required" });
    if (input.scope === "shipping_method" && !input.shippingMethodId) ctx.addIssue({ code: "custom", path: ["shippingMethodId"], message: "fields.required" });
    if (input.policy === "extend" && input.extendDays == null) ctx.addIssue({ code: "custom", path: ["extendDays"], message: "fields.extendDaysRequired" });
  });

export type ThresholdInput = z.output<typeof thresholdInputSchema>;

export type ThresholdProgress = {
  currentValue: number;
  reached: boolean;
  /** What is still missing (0 once reached), in the threshold's measure. */
  remaining: number;
  /** Whole percent towards the minimum, 0 to 100 (rounded down: 100 only when reached). */
  percent: number;
};

/** Pure: progress of a count (cents or units, integers) towards a minimum. */
export function thresholdProgress(minimum: number, currentValue: number): ThresholdProgress {
  const reached = currentValue >= minimum;
  return {
    currentValue,
    reached,
    remaining: reached ? 0 : minimum - currentValue,
    percent: reached ? 100 : Math.max(0, Math.floor((currentValue * 100) / minimum)),
  };
}

/**
 * What a line counts towards a threshold: its items for units; its whole cases for cases, by the
 * case size the line was sold by (a case the hub left broken, 11 of a case of 6, counts as one:
 * the producer ships whole cases, decision 0059); for an amount, the supplier's price times the
 * items for a supplier's minimum (as on its purchase order, notifications/producer-report), the
 * line's shop price otherwise. The SQL of ./queries.server counts the same.
 */
export function lineValue(
  threshold: { scope: ThresholdScope; measure: ThresholdMeasure },
  line: { quantity: number; unitsPerCase: number; supplierPriceCents: number; totalCents: number },
): number {
  if (threshold.measure === "units") return line.quantity;
  if (threshold.measure === "cases") return Math.floor(line.quantity / line.unitsPerCase);
  return threshold.scope === "supplier" ? line.quantity * line.supplierPriceCents : line.totalCents;
}

export type ThresholdAtClose = {
  id: string;
  policy: ThresholdPolicy;
  extendDays: number | null;
  reached: boolean;
};

export type CloseDecision =
  /** The close moves by `days`; these thresholds are marked extended. Nothing else happens at this close. */
  | { kind: "extend"; days: number; extendedIds: string[] }
  /** Each threshold's outcome; the cancelled ones' lines go. */
  | { kind: "apply"; outcomes: Map<string, Exclude<ThresholdOutcome, "extended">> };

/**
 * Pure: what a close does with a cycle's thresholds. A short `extend` threshold moves the close
 * once for the whole cycle (by the longest of the short ones' days); once the cycle was extended,
 * a short `extend` threshold is cancelled. A reached threshold is reached whatever its policy.
 */
export function decideAtClose(thresholds: readonly ThresholdAtClose[], cycleExtendedBefore: boolean): CloseDecision {
  const shortExtends = thresholds.filter((threshold) => !threshold.reached && threshold.policy === "extend");
  if (!cycleExtendedBefore && shortExtends.length > 0) {
    return { kind: "extend", days: Math.max(...shortExtends.map((threshold) => threshold.extendDays ?? 1)), extendedIds: shortExtends.map((t) => t.id) };
  }
  const outcomes = new Map<string, Exclude<ThresholdOutcome, "extended">>();
  for (const threshold of thresholds) {
    outcomes.set(threshold.id, threshold.reached ? "reached" : threshold.policy === "proceed" ? "proceeded" : "cancelled");
  }
  return { kind: "apply", outcomes };
}
