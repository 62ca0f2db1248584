// Who may see and record an order's payments (docs/domain.md 3, "record payments, refunds, mark
// paid"): its own shop's managers and the coordinator's, for all of that shop's orders. Pure.
import type { CycleRoles } from "./cycle-rules";

/** What the caller is to one order (app/domain/orders/access.server). */
export type OrderPaymentRoles = { isBuyer: boolean; isDistributor: boolean; isCoordinator: boolean };

/** The payments list: whoever may see the order (its buyer too). */
export const canSeePayments = (roles: OrderPaymentRoles): boolean => roles.isBuyer || roles.isDistributor || roles.isCoordinator;

/** Recording a cash, transfer or other payment received. */
export const canRecordPayment = (roles: OrderPaymentRoles): boolean => roles.isDistributor || roles.isCoordinator;

/** Refunding, by card through Stripe or recorded. */
export const canRefund = (roles: OrderPaymentRoles): boolean => roles.isDistributor || roles.isCoordinator;

/** Marking many of a shop's orders in a cycle paid at once: that shop's managers and the coordinator's. */
export const canMarkShopOrdersPaid = (roles: CycleRoles, distributorId: string): boolean => roles.coordinator || roles.distributors.includes(distributorId);

/** Marking orders of the cycle paid from its orders list: the coordinator's managers for every shop, a shop's for its own. */
export const canMarkCycleOrdersPaid = (roles: CycleRoles): boolean => roles.coordinator || roles.distributors.length > 0;

/** Whether that shop's orders exist for the caller at all: another shop's managers are told they do not (404). */
export const canSeeShopOrders = (roles: CycleRoles, distributorId: string): boolean =>
  roles.coordinator || roles.distributors.includes(distributorId) || roles.suppliers.length > 0;
