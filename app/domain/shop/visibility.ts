// Which cycles a buyer sees in a distributor's shop, and in what order (docs/domain.md sections 5
// and 12). The one home of the rule: every listing, shop page, product list and order asks here. Pure.
import { cycleState } from "#app/domain/order-cycles/state";

export type ShopCycleCandidate = {
  cycleId: string;
  distributorId: string;
  coordinatorId: string;
  /** `unlisted`: opened only by its share key, or to the cycle's own managers (decision 0047). */
  visibility: string;
  shareKey: string | null;
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

/** Who is looking: the tags they hold at this distributor, the share keys they came with, the enterprises they manage. */
export type ShopVisitor = { tags: readonly string[]; shareKeys?: readonly string[]; managedEnterpriseIds?: readonly string[] };

/** Tagged exchanges show only to customers holding at least one of the tags. */
export function tagsAdmit(exchangeTags: readonly string[], buyerTags: readonly string[]): boolean {
  if (exchangeTags.length === 0) return true;
  const held = new Set(buyerTags.map((tag) => tag.toLowerCase()));
  return exchangeTags.some((tag) => held.has(tag.toLowerCase()));
}

/** Equal strings, compared in a time that does not depend on where they first differ. */
export function sameSecret(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index % Math.max(b.length, 1));
  return difference === 0;
}

/**
 * An unlisted exchange is open to a visitor holding its share key, or managing its distributor or
 * the cycle's coordinator; a listed one to everyone. A wrong or replaced key opens nothing, and
 * nothing downstream tells it from a cycle that does not exist.
 */
export function keyAdmits(candidate: Pick<ShopCycleCandidate, "visibility" | "shareKey" | "distributorId" | "coordinatorId">, visitor: ShopVisitor): boolean {
  if (candidate.visibility !== "unlisted") return true;
  const managed = visitor.managedEnterpriseIds ?? [];
  if (managed.includes(candidate.distributorId) || managed.includes(candidate.coordinatorId)) return true;
  const key = candidate.shareKey;
  return key !== null && (visitor.shareKeys ?? []).some((given) => sameSecret(given, key));
}

/** The key opens the unlisted exchange's visibility; its tags still apply on top (docs/domain.md 12). */
export function isVisibleToBuyer(
  candidate: Pick<ShopCycleCandidate, "tags" | "visibility" | "shareKey" | "distributorId" | "coordinatorId">,
  visitor: ShopVisitor,
): boolean {
  return keyAdmits(candidate, visitor) && tagsAdmit(candidate.tags, visitor.tags);
}

/** A cycle with no shipping or no usable payment method is not offered: nobody could check out. */
function canCheckOut(candidate: ShopCycleCandidate, usablePaymentMethodIds: ReadonlySet<string>): boolean {
  return candidate.shippingMethodIds.length > 0 && candidate.paymentMethodIds.some((id) => usablePaymentMethodIds.has(id));
}

/**
 * The one rule for "a buyer may order from this cycle here now", used by the shop page, the shop
 * API and the home page's list of open shops alike: the cycle is open, its coordinator can take
 * orders, an unlisted exchange's key was given (or the visitor manages it), the buyer holds one of
 * the exchange's tags (if any), and someone could check out.
 */
export function isOfferedToBuyer(candidate: ShopCycleCandidate, visitor: ShopVisitor, usablePaymentMethodIds: ReadonlySet<string>, now: Date): boolean {
  return (
    cycleState(candidate, now) === "open" &&
    candidate.coordinatorReady &&
    isVisibleToBuyer(candidate, visitor) &&
    canCheckOut(candidate, usablePaymentMethodIds)
  );
}

export type ShopSort = "closes_at" | "opens_at";

export function openCyclesForBuyer(
  candidates: readonly ShopCycleCandidate[],
  visitor: ShopVisitor,
  usablePaymentMethodIds: ReadonlySet<string>,
  sort: ShopSort,
  now: Date,
): ShopCycleCandidate[] {
  const key = (candidate: ShopCycleCandidate) => (sort === "opens_at" ? candidate.opensAt : candidate.closesAt)?.getTime() ?? 0;
  return candidates
    .filter((candidate) => isOfferedToBuyer(candidate, visitor, usablePaymentMethodIds, now))
    .sort((a, b) => key(a) - key(b) || a.cycleId.localeCompare(b.cycleId));
}

/** When the shop is closed: the next visible opening and the last visible close. */
export function closedShopInfo(candidates: readonly ShopCycleCandidate[], visitor: ShopVisitor, now: Date) {
  const visible = candidates.filter((candidate) => isVisibleToBuyer(candidate, visitor));
  const upcoming = visible.filter((candidate) => cycleState(candidate, now) === "upcoming").sort((a, b) => a.opensAt!.getTime() - b.opensAt!.getTime());
  const closed = visible.filter((candidate) => cycleState(candidate, now) === "closed").sort((a, b) => b.closesAt!.getTime() - a.closesAt!.getTime());
  return { nextOpensAt: upcoming[0]?.opensAt ?? null, lastClosedAt: closed[0]?.closesAt ?? null };
}
