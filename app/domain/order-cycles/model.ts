// The shape of an order cycle as the domain sees it: plain data, loaded in a fixed number of queries.

export type IncomingExchange = {
  id: string;
  supplierId: string;
  variantIds: string[];
  feeIds: string[];
  receivalInstructions: string;
  /** Per-buyer limits (docs/domain.md 12): at most this many units of the variant per buyer, by variant id. */
  limits?: Record<string, number>;
};

export type OutgoingExchange = {
  id: string;
  distributorId: string;
  variantIds: string[];
  feeIds: string[];
  readyFor: string;
  readyOn: string | null;
  pickupInstructions: string;
  /** A pickup point's time in this cycle, by shipping method id; a method without one keeps its opening hours. */
  pickupTimes: Record<string, string>;
  tags: string[];
  shippingMethodIds: string[];
  paymentMethodIds: string[];
  /** `unlisted`: shown in no listing, opened by its share link only (docs/domain.md 12). */
  visibility: ExchangeVisibility;
  /** The share link's secret while unlisted (kept if listed again, so the old link comes back with it). */
  shareKey: string | null;
  /** Locked by the coordinator: only the coordinator ticks or unticks its variants. */
  variantsLocked: boolean;
  /** Pickup-point caps (docs/domain.md 12): at most this many placed orders with the method, by shipping method id. */
  shippingMethodCaps?: Record<string, number>;
  /** The orders placed with each capped method so far (its counter, decision 0046); read only. */
  placedByMethod?: Record<string, number>;
};

export const exchangeVisibilities = ["listed", "unlisted"] as const;
export type ExchangeVisibility = (typeof exchangeVisibilities)[number];

export type OrderCycle = {
  id: string;
  name: string;
  coordinatorId: string;
  opensAt: Date | null;
  closesAt: Date | null;
  automaticNotifications: boolean;
  notifiedAt: Date | null;
  /** The coordinator's other system's id for it (decision 0044). */
  externalId: string | null;
  /** The series of repeats it belongs to and its place there (docs/domain.md 15); null when never repeated. */
  seriesId: string | null;
  seriesIndex: number | null;
  /** At most this many placed orders in the cycle (docs/domain.md 12); null: no cap. */
  maxOrders?: number | null;
  /** The cycle's placed orders while capped (its counter, decision 0046); read only. */
  placedOrders?: number;
  coordinatorFeeIds: string[];
  incoming: IncomingExchange[];
  outgoing: OutgoingExchange[];
  createdAt: Date;
  updatedAt: Date;
};

/** Which enterprise owns each variant and each fee of the cycle, and the add_to_order_cycle grants among its parties. */
export type CycleFacts = {
  variantSupplier: ReadonlyMap<string, string>;
  feeOwner: ReadonlyMap<string, string>;
  /** `${grantorId}>${granteeId}` for every add_to_order_cycle grant between the cycle's enterprises. */
  addToCycleGrants: ReadonlySet<string>;
  /** Fees and methods archived by their owner: they stay where they are, but are not added anew. */
  archivedIds?: ReadonlySet<string>;
};

export function grantKey(grantorId: string, granteeId: string) {
  return `${grantorId}>${granteeId}`;
}
