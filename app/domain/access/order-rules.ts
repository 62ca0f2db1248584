// Who may change a placed order's lines, and how (docs/domain.md 8, decision 0034), as a pure rule:
// the hub's side (the order's distributor and the cycle's coordinator) adjusts it at any time, also
// after the close and when it was paid by card; its buyer changes it only while the cycle is open.
import { DomainError } from "#app/domain/errors";
import { isOpen } from "#app/domain/order-cycles/state";

/** What the requester is to the order (orders/access.server's orderAccess). */
export type OrderParts = { isBuyer: boolean; isDistributor: boolean; isCoordinator: boolean };

/** The order and its cycle's instants, as far as this rule needs them. */
export type AdjustableOrder = { state: string; opensAt: Date | null; closesAt: Date | null };

/**
 * "staff": the hub's adjustment (listed lines change, history and the buyer's batched email);
 * "buyer": the buyer's own change while the cycle is open (orders/abilities' lineChangeRefusal
 * still applies: a card-paid order keeps its lines). Anyone else may not even see the order (404).
 */
export type AdjustPath = "staff" | "buyer";

export function canAdjustOrder(parts: OrderParts, order: AdjustableOrder, now: Date): { path: AdjustPath } | { refusal: DomainError } {
  const isStaff = parts.isDistributor || parts.isCoordinator;
  if (!isStaff && !parts.isBuyer) return { refusal: new DomainError("not_found") };
  if (order.state !== "placed") return { refusal: new DomainError("conflict", { lines: { key: "orderIsCancelled" } }) };
  if (isStaff) return { path: "staff" };
  if (!isOpen(order, now)) return { refusal: new DomainError("order_cycle_closed") };
  return { path: "buyer" };
}

/**
 * Entering an order for a customer (a phone or paper order, docs/domain.md 12, decision 0048):
 * the managers of the order's distributor and of the cycle's coordinator. The enterprise they act
 * for is recorded on the order (the distributor when they manage both); undefined when they may not
 * (a supplier of the cycle, another distributor of it: 403; someone outside the cycle sees 404 before).
 */
export function orderEntryEnterprise(roles: { coordinator: boolean; distributors: readonly string[] }, distributorId: string, coordinatorId: string) {
  if (roles.distributors.includes(distributorId)) return distributorId;
  if (roles.coordinator) return coordinatorId;
  return undefined;
}
