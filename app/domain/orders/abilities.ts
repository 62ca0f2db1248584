// What may be done with an order now, and by whom (docs/domain.md 5): its buyer changes or cancels
// it until the cycle closes, its distributor and the cycle's coordinator cancel it at any time, and
// only its buyer pays it. Pure: the commands (./changes.server, payments/) and the order page ask here.
import { DomainError, forbidden } from "#app/domain/errors";
import { isOpen } from "#app/domain/order-cycles/state";

/** An order and the instants of its cycle, as far as these rules need them. */
export type OrderFacts = { state: string; paymentState: string; opensAt: Date | null; closesAt: Date | null };

/** What the requester is to the order (./access.server). */
export type OrderRoles = { isBuyer: boolean; isDistributor: boolean; isCoordinator: boolean };

/** The hub's side of an order: its own shop's managers and the coordinator's. */
const isStaff = (roles: OrderRoles): boolean => roles.isDistributor || roles.isCoordinator;

/**
 * Why the order's lines may not be changed now, as the error to answer with; undefined when they
 * may. Anyone who may see the order may change it while its cycle is open. A card payment covers
 * the order as it was: changing it would need a refund or a second payment.
 */
export function lineChangeRefusal(order: OrderFacts, now: Date): DomainError | undefined {
  if (order.state !== "placed") return new DomainError("conflict");
  if (!isOpen(order, now)) return new DomainError("order_cycle_closed");
  if (order.paymentState === "paid") return new DomainError("conflict", { lines: { key: "paidOrder" } });
  return undefined;
}

/** Why this requester may not cancel the order now: the buyer only while the cycle is open; the hub's side at any time. */
export function cancelRefusal(order: Pick<OrderFacts, "opensAt" | "closesAt">, roles: OrderRoles, now: Date): DomainError | undefined {
  if (!isStaff(roles) && !isOpen(order, now)) return new DomainError("order_cycle_closed");
  return undefined;
}

/** A buyer's cancel must be seen by the close or refused, so it holds the cycle open; the hub's side cancels after the close too. */
export const cancelHoldsCycle = (roles: OrderRoles): boolean => !isStaff(roles);

/** Why this requester may not pay the order: only its buyer pays (whether the order can be paid by card is payments/' question). */
export function payRefusal(roles: OrderRoles): DomainError | undefined {
  return roles.isBuyer ? undefined : forbidden();
}

/** What the order's page offers this requester now. */
export function orderAbilities(order: OrderFacts, roles: OrderRoles, now: Date) {
  return {
    canChange: lineChangeRefusal(order, now) === undefined,
    canCancel: order.state === "placed" && cancelRefusal(order, roles, now) === undefined,
    /** Placed, open and paid by card: its lines stay as paid, and the page says why. */
    keepsPaidLines: order.state === "placed" && isOpen(order, now) && order.paymentState === "paid",
  };
}
