// Who may issue and read invoices (docs/domain.md 3, "record payments, refunds, mark paid;
// invoices"): the order's distributor's managers and the cycle's coordinator's issue them; the
// buyer reads their own; a supplier never sees a buyer's invoice. Pure.
import type { CycleRoles } from "./cycle-rules";
import type { OrderPaymentRoles } from "./payment-rules";

/** Issuing an order's invoice (and its credit note when the order changed). */
export const canIssueInvoice = (roles: OrderPaymentRoles): boolean => roles.isDistributor || roles.isCoordinator;

/** Reading an invoice or credit note: whoever may see its order as buyer or hub. */
export const canSeeInvoice = (roles: OrderPaymentRoles): boolean => roles.isBuyer || roles.isDistributor || roles.isCoordinator;

/** Issuing, listing and printing a shop's invoices of a cycle: that shop's managers and the coordinator's. */
export const canIssueShopInvoices = (roles: CycleRoles, distributorId: string): boolean => roles.coordinator || roles.distributors.includes(distributorId);

/** Whether that shop's invoices exist for the caller at all: the cycle's suppliers are told 403, other shops 404. */
export const canSeeShopInvoices = (roles: CycleRoles, distributorId: string): boolean =>
  roles.coordinator || roles.distributors.includes(distributorId) || roles.suppliers.length > 0;
