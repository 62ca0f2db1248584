// Promo codes (docs/domain.md 13, decision 0051): the pure rules. What a code takes off an order's
// items (never its fees), whether an order may use it, and what a manager may create. The counters
// that keep its uses exact live in ./redeem.server.
import { z } from "zod";
import { cents, percentOf, sumCents, type Cents } from "#app/domain/money";
import type { FieldError } from "#app/domain/errors";
import { includedTax, type Adjustment, type PricedOrder } from "#app/domain/fees/pricing";

export type PromoKind = "percent" | "amount";

/** What a code is, as the rules read it (the stored row's facts). */
export type PromoTerms = {
  id: string;
  ownerId: string;
  code: string;
  kind: PromoKind;
  /** Hundredths of a percent: 10 % is 1000. */
  percentBasisPoints: number | null;
  amountCents: number | null;
  minSubtotalCents: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  uses: number;
  orderCycleIds: readonly string[];
  tags: readonly string[];
  active: boolean;
};

/** A code as typed by a buyer or a manager: trimmed, matched case-insensitively. */
export function normaliseCode(code: string): string {
  return code.trim();
}

/** The largest number of uses a code may allow. */
export const MAX_PROMO_USES = 1_000_000;

/**
 * What the code takes off items worth `itemsTotalCents`: a percent of them rounded half up (the
 * one percent helper), or its amount, never more than the items (so never below zero) and never
 * anything off the fees or shipping.
 */
export function discountOf(terms: Pick<PromoTerms, "kind" | "percentBasisPoints" | "amountCents">, itemsTotalCents: number): Cents {
  if (itemsTotalCents <= 0) return cents(0);
  if (terms.kind === "percent") return percentOf(itemsTotalCents, (terms.percentBasisPoints ?? 0) / 100);
  return cents(Math.min(terms.amountCents ?? 0, itemsTotalCents));
}

/**
 * The discount split over the items' tax rates, in proportion to what the items at each rate cost
 * (rates ascending; the last rate takes the rounding remainder, so the parts add up exactly). An
 * invoice then takes each part off the tax of its own rate.
 */
export function discountByRate(discountCents: number, items: readonly { totalCents: number; taxRateBasisPoints: number }[]) {
  const byRate = new Map<number, number>();
  for (const item of items) if (item.totalCents > 0) byRate.set(item.taxRateBasisPoints, (byRate.get(item.taxRateBasisPoints) ?? 0) + item.totalCents);
  const rates = [...byRate.entries()].sort(([a], [b]) => a - b);
  const total = sumCents(rates.map(([, amount]) => amount));
  if (discountCents <= 0 || total <= 0) return [];
  let left = discountCents;
  return rates
    .map(([rateBasisPoints, amount], index) => {
      const part = index === rates.length - 1 ? left : Math.min(left, Math.round((discountCents * amount) / total));
      left -= part;
      return { rateBasisPoints, discountCents: cents(part) };
    })
    .filter((part) => part.discountCents > 0);
}

/** The order a code is offered to: its cycle, what its items cost, and who buys. */
export type PromoUse = {
  orderCycleId: string;
  itemsTotalCents: number;
  /** The buyer's tags at the shop (a guest holds none). */
  buyerTags: readonly string[];
  /** How many placed orders of this buyer (by email) already hold the code. */
  buyerUses: number;
  now: Date;
};

/**
 * Why an order may not use the code, as the error for its `promoCode` field; undefined when it may.
 * Checked in the order a buyer can act on: a code that is not offered first, then its window, its
 * cycle and tags, the minimum, the buyer's own uses, and last whether any use is left (the
 * counter's conditional update at placing is the exact check for the last two).
 */
export function promoRefusal(terms: PromoTerms, use: PromoUse): FieldError | undefined {
  if (!terms.active) return { key: "promoInactive" };
  if (terms.startsAt && use.now < terms.startsAt) return { key: "promoNotYetValid" };
  if (terms.endsAt && use.now >= terms.endsAt) return { key: "promoExpired" };
  if (terms.orderCycleIds.length && !terms.orderCycleIds.includes(use.orderCycleId)) return { key: "promoWrongCycle" };
  if (terms.tags.length && !terms.tags.some((tag) => use.buyerTags.includes(tag))) return { key: "promoWrongTag" };
  if (terms.minSubtotalCents !== null && use.itemsTotalCents < terms.minSubtotalCents)
    return { key: "promoBelowMinimum", values: { minCents: terms.minSubtotalCents } };
  if (terms.maxUsesPerCustomer !== null && use.buyerUses >= terms.maxUsesPerCustomer) return { key: "promoUsedUpByYou" };
  if (!hasUsesLeft(terms)) return { key: "promoExhausted" };
  return undefined;
}

/** Whether a use is left under the code's total: unlimited always, otherwise fewer uses than the maximum. */
export function hasUsesLeft(terms: Pick<PromoTerms, "maxUses" | "uses">): boolean {
  return terms.maxUses === null || terms.uses < terms.maxUses;
}

const optionalCents = z.number().int().min(0).max(100_000_000).nullable().optional();
const optionalUses = z.number().int().min(1).max(MAX_PROMO_USES).nullable().optional();
/** An instant with its offset (ISO 8601); the manager's form turns its local time into one (./forms). */
const instant = z.iso.datetime({ offset: true, error: "fields.invalidDateTime" }).nullable().optional();

/** One schema for the API's JSON and the manager's form (turned into the same shape by ./forms). */
export const createPromoCodeSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[\p{L}\p{N}_-]+$/u, { error: "fields.promoCodeCharacters" }),
    kind: z.enum(["percent", "amount"]),
    /** 0 < percent <= 100, at most two decimals. */
    percent: z
      .number({ error: "fields.percentRange" })
      .gt(0, { error: "fields.percentRange" })
      .max(100, { error: "fields.percentRange" })
      .refine((value) => Number.isInteger(Math.round(value * 100 * 1e6) / 1e6), { error: "fields.percentRange" })
      .optional(),
    amountCents: z
      .number({ error: "fields.amountPositive" })
      .int({ error: "fields.amountPositive" })
      .min(1, { error: "fields.amountPositive" })
      .max(100_000_000)
      .optional(),
    minSubtotalCents: optionalCents,
    startsAt: instant,
    endsAt: instant,
    maxUses: optionalUses,
    maxUsesPerCustomer: optionalUses,
    orderCycleIds: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .strict()
  .superRefine((data, context) => {
    if (data.kind === "percent" && data.percent === undefined) context.addIssue({ code: "custom", path: ["percent"], message: "fields.percentRange" });
    if (data.kind === "amount" && data.amountCents === undefined) context.addIssue({ code: "custom", path: ["amountCents"], message: "fields.amountPositive" });
    if (data.startsAt && data.endsAt && new Date(data.endsAt) <= new Date(data.startsAt))
      context.addIssue({ code: "custom", path: ["endsAt"], message: "fields.endsBeforeStart" });
  });

export type CreatePromoCodeInput = z.output<typeof createPromoCodeSchema>;

/** What a manager may change on a code afterwards: switch it off (or on), move its end, change its total uses. */
export const updatePromoCodeSchema = z
  .object({
    active: z.boolean().optional(),
    endsAt: instant,
    maxUses: optionalUses,
  })
  .strict();

export type UpdatePromoCodeInput = z.output<typeof updatePromoCodeSchema>;

/** The stored value of a created code: its percent in hundredths, or its amount. */
export function storedValue(data: Pick<CreatePromoCodeInput, "kind" | "percent" | "amountCents">) {
  return data.kind === "percent"
    ? { percentBasisPoints: Math.round((data.percent ?? 0) * 100), amountCents: null }
    : { percentBasisPoints: null, amountCents: data.amountCents ?? 0 };
}

/** The code as an order holds it: its terms for the discount, its text and owner for the adjustment's label. */
export type AppliedPromo = Pick<PromoTerms, "id" | "code" | "kind" | "percentBasisPoints" | "amountCents"> & { ownerName: string };

/**
 * A priced order with the code's discount: one adjustment per tax rate of the items (negative,
 * place `promo`, labelled with the code), the total lowered by it, and the tax of each rate lowered
 * by the tax its part included. Fees and shipping are untouched.
 */
export function withPromo(priced: PricedOrder, items: readonly { taxRateBasisPoints: number }[], promo: AppliedPromo | null | undefined): PricedOrder {
  if (!promo) return priced;
  const discountCents = discountOf(promo, priced.itemsTotalCents);
  const parts = discountByRate(
    discountCents,
    priced.lines.map((line, index) => ({ totalCents: line.totalCents, taxRateBasisPoints: items[index]?.taxRateBasisPoints ?? 0 })),
  );
  const adjustments: Adjustment[] = parts.map((part) => ({
    feeId: "",
    name: promo.code,
    label: promo.code,
    feeType: "discount",
    enterpriseName: promo.ownerName,
    place: "promo",
    supplierName: "",
    amountCents: cents(-part.discountCents),
    taxRateBasisPoints: part.rateBasisPoints,
  }));
  const taxOff = new Map(parts.map((part) => [part.rateBasisPoints, includedTax(part.discountCents, part.rateBasisPoints)]));
  return {
    ...priced,
    adjustments: [...priced.adjustments, ...adjustments],
    discountCents,
    totalCents: cents(priced.totalCents - discountCents),
    taxByRate: priced.taxByRate.map((tax) => ({ ...tax, taxCents: cents(tax.taxCents - (taxOff.get(tax.rateBasisPoints) ?? 0)) })),
  };
}
