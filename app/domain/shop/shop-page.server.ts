// The shop page as a buyer sees it now: the cycles offered to them, the one chosen (asked for, the
// cart's, or the only one), its products and pickup points, their cart, and their orders still open
// to change. The route parses the request and renders; what is chosen and shown is decided here.
import { changeableOrdersAt } from "#app/domain/orders/queries.server";
import { publicThresholdJson, thresholdsOfCycles } from "#app/domain/thresholds/queries.server";
import { cartView, type CartOwner } from "./cart.server";
import { pickupPointsOf, shopCyclesForBuyer, shopProducts, type Buyer } from "./catalogue.server";

/** `linkKey`: the share key in the page's address, whose sale is shown when no cycle is asked for. */
export type ShopPageRequest = { cycleId?: string | null; search: string; category?: string; page: number; linkKey?: string | null };

/** The cycle shown: the one asked for if offered, else the cart's if offered, else the only one offered. */
export function chosenCycleId(offeredIds: readonly string[], wanted: string | null | undefined, cartCycleId: string | null | undefined): string | undefined {
  if (wanted && offeredIds.includes(wanted)) return wanted;
  if (cartCycleId && offeredIds.includes(cartCycleId)) return cartCycleId;
  return offeredIds.length === 1 ? offeredIds[0] : undefined;
}

/** Everything the shop page shows; 404 (DomainError not_found) when the distributor has no shop. */
export async function shopPage(distributorId: string, buyer: Buyer, owner: CartOwner, request: ShopPageRequest, now = new Date()) {
  const found = await shopCyclesForBuyer(distributorId, buyer, now);
  const [cart, placedOrders] = await Promise.all([
    cartView(distributorId, owner, now),
    buyer.userId ? changeableOrdersAt(buyer.userId, distributorId, now) : Promise.resolve([]),
  ]);
  const openIds = found.open.map((cycle) => cycle.cycleId);
  const linkedCycleId = found.openedByKeys.find((opened) => opened.key === request.linkKey)?.cycleId;
  const selectedId = chosenCycleId(openIds, request.cycleId ?? linkedCycleId, cart?.orderCycleId);
  const [products, pickupPoints, thresholds] = await Promise.all([
    selectedId ? shopProducts(distributorId, selectedId, buyer, { search: request.search, category: request.category, page: request.page }, now) : undefined,
    pickupPointsOf(found.open.find((cycle) => cycle.cycleId === selectedId)?.shippingMethodIds ?? []),
    selectedId ? thresholdsOfCycles([selectedId], { distributorId }) : Promise.resolve([]),
  ]);
  return {
    shop: found.shop,
    pickupPoints,
    cycles: found.open.map((cycle) => ({
      id: cycle.cycleId,
      readyFor: cycle.readyFor,
      readyOn: cycle.readyOn,
      closesAt: cycle.closesAt!.toISOString(),
      // Its cap on orders reached (docs/domain.md 12): shown, and it takes no order.
      full: cycle.full ?? false,
    })),
    nextOpensAt: found.closed.nextOpensAt?.toISOString() ?? null,
    lastClosedAt: found.closed.lastClosedAt?.toISOString() ?? null,
    selectedId: selectedId ?? null,
    /** The chosen cycle's minimums buyers see, with their progress (docs/domain.md 12). */
    thresholds: thresholds.map(publicThresholdJson),
    products: products?.items ?? [],
    hasMore: products?.hasMore ?? false,
    cart: cart && cart.lines.length ? cart : null,
    cartChanges: cart?.changes ?? [],
    placedOrders,
    cartCycleId: cart?.orderCycleId ?? null,
    // A cart left in a cycle that closed (or that this buyer no longer sees): nothing in it can be ordered.
    cartStale: Boolean(cart && cart.lines.length && !openIds.includes(cart.orderCycleId)),
    /** The share keys given that opened one of this shop's unlisted sales (the route keeps them in a cookie). */
    openingKeys: [...new Set(found.openedByKeys.map((opened) => opened.key))],
  };
}
