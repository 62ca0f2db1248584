// Who may see and change what in an order cycle (docs/domain.md section 3), as pure functions.
import type { CycleFacts, IncomingExchange, OrderCycle, OutgoingExchange } from "#app/domain/order-cycles/model";
import { grantKey } from "#app/domain/order-cycles/model";

/** The parts a caller plays in one cycle, through the enterprises they manage. */
export type CycleRoles = {
  coordinator: boolean;
  /** Suppliers of the cycle the caller manages. */
  suppliers: string[];
  /** Distributors of the cycle the caller manages. */
  distributors: string[];
};

export function rolesIn(cycle: Pick<OrderCycle, "coordinatorId" | "incoming" | "outgoing">, managed: ReadonlySet<string>): CycleRoles {
  return {
    coordinator: managed.has(cycle.coordinatorId),
    suppliers: cycle.incoming.map((exchange) => exchange.supplierId).filter((id) => managed.has(id)),
    distributors: cycle.outgoing.map((exchange) => exchange.distributorId).filter((id) => managed.has(id)),
  };
}

export function isInvolved(roles: CycleRoles): boolean {
  return roles.coordinator || roles.suppliers.length > 0 || roles.distributors.length > 0;
}

/** An enterprise always holds add_to_order_cycle over itself. */
export function grantedAddToCycle(facts: Pick<CycleFacts, "addToCycleGrants">, grantorId: string, granteeId: string): boolean {
  return grantorId === granteeId || facts.addToCycleGrants.has(grantKey(grantorId, granteeId));
}

// ---- seeing ----

export function canSeeIncoming(roles: CycleRoles, facts: CycleFacts, exchange: Pick<IncomingExchange, "supplierId">): boolean {
  if (roles.coordinator || roles.suppliers.includes(exchange.supplierId)) return true;
  return roles.distributors.some((distributorId) => grantedAddToCycle(facts, exchange.supplierId, distributorId));
}

/** Fees and receival instructions of an incoming exchange: the coordinator and that supplier only. */
export function canSeeIncomingDetails(roles: CycleRoles, exchange: Pick<IncomingExchange, "supplierId">): boolean {
  return roles.coordinator || roles.suppliers.includes(exchange.supplierId);
}

/** A supplier sees every outgoing exchange, but only its own products in it. */
export function canSeeOutgoing(roles: CycleRoles, exchange: Pick<OutgoingExchange, "distributorId">): boolean {
  return roles.coordinator || roles.distributors.includes(exchange.distributorId) || roles.suppliers.length > 0;
}

export function canSeeOutgoingDetails(roles: CycleRoles, exchange: Pick<OutgoingExchange, "distributorId">): boolean {
  return roles.coordinator || roles.distributors.includes(exchange.distributorId);
}

// ---- changing ----

export const canEditCycleSettings = (roles: CycleRoles) => roles.coordinator;
export const canManageParticipants = (roles: CycleRoles) => roles.coordinator;
export const canCloneOrDelete = (roles: CycleRoles) => roles.coordinator;
export const canNotifyProducers = (roles: CycleRoles) => roles.coordinator;
/** The cycle's cap on orders (docs/domain.md 3, 12): the coordinator only, as its other settings. */
export const canEditCycleCap = (roles: CycleRoles) => roles.coordinator;
/** Per-buyer limits on an incoming exchange's variants: the coordinator only, not the supplier (decision 0046). */
export const canEditBuyerLimits = (roles: CycleRoles) => roles.coordinator;

/** Caps of an outgoing exchange's pickup points: the coordinator, and the distributor for its own (decision 0046). */
export function canEditPickupCaps(roles: CycleRoles, distributorId: string): boolean {
  return roles.coordinator || roles.distributors.includes(distributorId);
}
/** Adding and removing a cycle's minimum thresholds (docs/domain.md 12); every party of the cycle sees them. */
export const canManageThresholds = (roles: CycleRoles) => roles.coordinator;

/** Stating what a supplier will deliver (docs/domain.md section 8): that supplier's managers and the coordinator. */
export function canConfirmSupplierDelivery(roles: CycleRoles, supplierId: string): boolean {
  return roles.coordinator || roles.suppliers.includes(supplierId);
}

/** Variants, fees and receival instructions of an incoming exchange. */
export function canEditIncoming(roles: CycleRoles, supplierId: string): boolean {
  return roles.coordinator || roles.suppliers.includes(supplierId);
}

/** Ready for, pickup instructions, tags, outgoing fees and methods. */
export function canEditOutgoingDetails(roles: CycleRoles, distributorId: string): boolean {
  return roles.coordinator || roles.distributors.includes(distributorId);
}

/** Listed or unlisted, and a new share link (docs/domain.md 3: with the other outgoing details). */
export const canChangeVisibility = canEditOutgoingDetails;

/** Locking an exchange's variants (group buying, docs/domain.md 12): the coordinator only. */
export const canLockVariants = (roles: CycleRoles) => roles.coordinator;

/** A locked offer is the coordinator's alone: nobody else ticks or unticks its variants. */
export function lockedAgainst(roles: CycleRoles, exchange: Pick<OutgoingExchange, "variantsLocked">): boolean {
  return exchange.variantsLocked && !roles.coordinator;
}

/** Variants the distributor may sell: incoming variants of suppliers that granted it add_to_order_cycle. */
export function variantsAllowedForDistributor(cycle: Pick<OrderCycle, "incoming">, facts: CycleFacts, distributorId: string): Set<string> {
  const allowed = new Set<string>();
  for (const exchange of cycle.incoming) {
    if (!grantedAddToCycle(facts, exchange.supplierId, distributorId)) continue;
    for (const variantId of exchange.variantIds) allowed.add(variantId);
  }
  return allowed;
}

/** The variants of an outgoing exchange this caller may tick or untick: none of a locked exchange but for the coordinator. */
export function editableOutgoingVariants(
  roles: CycleRoles,
  cycle: Pick<OrderCycle, "incoming" | "outgoing">,
  facts: CycleFacts,
  distributorId: string,
): Set<string> {
  const exchange = cycle.outgoing.find((candidate) => candidate.distributorId === distributorId);
  if (exchange && lockedAgainst(roles, exchange)) return new Set();
  return variantsEditableUnlocked(roles, cycle, facts, distributorId);
}

/** The variants of an outgoing exchange this caller could tick or untick if it were not locked. */
export function variantsEditableUnlocked(
  roles: CycleRoles,
  cycle: Pick<OrderCycle, "incoming" | "outgoing">,
  facts: CycleFacts,
  distributorId: string,
): Set<string> {
  const allowed = variantsAllowedForDistributor(cycle, facts, distributorId);
  if (roles.coordinator) {
    // The coordinator edits any list: it may also untick what can no longer be added (a supplier
    // revoked its grant to this distributor), though never tick it again.
    const current = cycle.outgoing.find((exchange) => exchange.distributorId === distributorId)?.variantIds ?? [];
    return new Set([...allowed, ...current]);
  }
  if (roles.distributors.includes(distributorId)) return allowed;
  const editable = new Set<string>();
  for (const supplierId of roles.suppliers) {
    if (!grantedAddToCycle(facts, distributorId, supplierId)) continue;
    for (const variantId of allowed) if (facts.variantSupplier.get(variantId) === supplierId) editable.add(variantId);
  }
  return editable;
}

/** Fees a caller may attach to or detach from an exchange: the party's own, and the coordinator's when coordinating. */
export function editableExchangeFeeOwners(roles: CycleRoles, coordinatorId: string, partyId: string): Set<string> {
  const owners = new Set<string>();
  if (roles.coordinator) {
    owners.add(coordinatorId);
    owners.add(partyId);
  }
  if (roles.suppliers.includes(partyId) || roles.distributors.includes(partyId)) owners.add(partyId);
  return owners;
}

/** Announcing an open cycle to a distributor's consenting customers (docs/domain.md 13): that distributor's managers and the coordinator. */
export function canAnnounceCycle(roles: CycleRoles, distributorId: string): boolean {
  return roles.coordinator || roles.distributors.includes(distributorId);
}
