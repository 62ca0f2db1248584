// Which cycles a buyer sees in a distributor's shop, and in what order (docs/domain.md section 5). Pure.
import { cycleState } from "#app/domain/order-cycles/state";

export type ShopCycleCandidate = {
  cycleId: string;
  opensAt: Date | null;
  closesAt: Date | null;
  readyFor: string;
  readyOn: string | null;
  tags: readonly string[];
  shippingMethodIds: readonly string[];
  paymentMethodIds: readonly string[];
  /** The coordinator has a shipping and a payment method: until then its cycles cannot open (docs/domain.md 2). */
  coordinatorReady: boolean;
  /** The cycle's cap on orders is reached (docs/domain.md 12): shown, but it takes no order. */
  full?: boolean;
  /** Its pickup points whose cap is reached: shown full, never chosen. */
  fullShippingMethodIds?: readonly string[];
};

/** Tagged exchanges show only to customers holding at least one of the tags. */
export function isVisibleToBuyer(exchangeTags: readonly string[], buyerTags: readonly string[]): boolean {
  if (exchangeTags.length === 0) return true;
  const held = new Set(buyerTags.map((tag) => tag.toLowerCase()));
  return exchangeTags.some((tag) => held.has(tag.toLowerCase()));
}

/** A cycle with no shipping or no usable payment method is not offered: nobody could check out. */
function canCheckOut(candidate: ShopCycleCandidate, usablePaymentMethodIds: ReadonlySet<string>): boolean {
  return candidate.shippingMethodIds.length > 0 && candidate.paymentMethodIds.some((id) => usablePaymentMethodIds.has(id));
}

/**
 * The one rule for "a buyer may order from this cycle here now", used by the shop page, the shop
 * API and the home page's list of open shops alike: the cycle is open, its coordinator can take
 * orders, the buyer holds one of the exchange's tags (if any), and someone could check out.
 */
export function isOfferedToBuyer(candidate: ShopCycleCandidate, buyerTags: readonly string[], usablePaymentMethodIds: ReadonlySet<string>, now: Date): boolean {
  return (
    cycleState(candidate, now) === "open" &&
    candidate.coordinatorReady &&
    isVisibleToBuyer(candidate.tags, buyerTags) &&
    canCheckOut(candidate, usablePaymentMethodIds)
  );
}

export type ShopSort = "closes_at" | "opens_at";

export function openCyclesForBuyer(
  candidates: readonly ShopCycleCandidate[],
  buyerTags: readonly string[],
  usablePaymentMethodIds: ReadonlySet<string>,
  sort: ShopSort,
  now: Date,
): ShopCycleCandidate[] {
  const key = (candidate: ShopCycleCandidate) => (sort === "opens_at" ? candidate.opensAt : candidate.closesAt)?.getTime() ?? 0;
  return candidates
    .filter((candidate) => isOfferedToBuyer(candidate, buyerTags, usablePaymentMethodIds, now))
    .sort((a, b) => key(a) - key(b) || a.cycleId.localeCompare(b.cycleId));
}

/** When the shop is closed: the next visible opening and the last visible close. */
export function closedShopInfo(candidates: readonly ShopCycleCandidate[], buyerTags: readonly string[], now: Date) {
  const visible = candidates.filter((candidate) => isVisibleToBuyer(candidate.tags, buyerTags));
  const upcoming = visible.filter((candidate) => cycleState(candidate, now) === "upcoming").sort((a, b) => a.opensAt!.getTime() - b.opensAt!.getTime());
  const closed = visible.filter((candidate) => cycleState(candidate, now) === "closed").sort((a, b) => b.closesAt!.getTime() - a.closesAt!.getTime());
  return { nextOpensAt: upcoming[0]?.opensAt ?? null, lastClosedAt: closed[0]?.closesAt ?? null };
}
