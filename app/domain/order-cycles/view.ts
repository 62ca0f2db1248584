// What a caller sees of a cycle (docs/api.md GET /order-cycles/:id), with other parties' exchanges left out.
import {
  canEditBuyerLimits,
  canEditCycleSettings,
  canEditPickupCaps,
  canEditIncoming,
  canEditOutgoingDetails,
  canLockVariants,
  canSeeIncoming,
  canSeeIncomingDetails,
  canSeeOutgoing,
  canSeeOutgoingDetails,
  editableOutgoingVariants,
  grantedAddToCycle,
  type CycleRoles,
} from "#app/domain/access/cycle-rules";
import type { CycleFacts, OrderCycle } from "./model";
import { cycleState } from "./state";

export type EnterpriseRef = { id: string; name: string };

export function cycleView(cycle: OrderCycle, roles: CycleRoles, facts: CycleFacts, names: ReadonlyMap<string, string>, now: Date) {
  const ref = (id: string): EnterpriseRef => ({ id, name: names.get(id) ?? "" });
  const ownSupplierVariant = (variantId: string) => roles.suppliers.includes(facts.variantSupplier.get(variantId) ?? "");
  // Revoking stops future additions only (docs/domain.md 3): the coordinator is told who is still in.
  const withdrawn = (partyId: string) => roles.coordinator && !grantedAddToCycle(facts, partyId, cycle.coordinatorId);
  return {
    id: cycle.id,
    name: cycle.name,
    state: cycleState(cycle, now),
    opensAt: cycle.opensAt?.toISOString() ?? null,
    closesAt: cycle.closesAt?.toISOString() ?? null,
    coordinator: ref(cycle.coordinatorId),
    coordinatorFeeIds: cycle.coordinatorFeeIds,
    automaticNotifications: cycle.automaticNotifications,
    notifiedAt: cycle.notifiedAt?.toISOString() ?? null,
    externalId: cycle.externalId,
    seriesId: cycle.seriesId,
    seriesIndex: cycle.seriesIndex,
    // The cap is shown to every party; how many orders hold a place, to the coordinator (decision 0046).
    maxOrders: cycle.maxOrders ?? null,
    ...(roles.coordinator ? { placedOrders: cycle.maxOrders ? (cycle.placedOrders ?? 0) : null } : {}),
    roles: { coordinator: roles.coordinator, supplierIds: roles.suppliers, distributorIds: roles.distributors },
    canEditSettings: canEditCycleSettings(roles),
    incoming: cycle.incoming
      .filter((exchange) => canSeeIncoming(roles, facts, exchange))
      .map((exchange) => {
        const details = canSeeIncomingDetails(roles, exchange);
        return {
          supplier: ref(exchange.supplierId),
          variantIds: exchange.variantIds,
          limits: Object.entries(exchange.limits ?? {})
            .filter(([variantId]) => exchange.variantIds.includes(variantId))
            .map(([variantId, maxPerBuyer]) => ({ variantId, maxPerBuyer })),
          canEditLimits: canEditBuyerLimits(roles),
          ...(details ? { feeIds: exchange.feeIds, receivalInstructions: exchange.receivalInstructions } : {}),
          canEdit: canEditIncoming(roles, exchange.supplierId),
          permissionWithdrawn: withdrawn(exchange.supplierId),
        };
      }),
    outgoing: cycle.outgoing
      .filter((exchange) => canSeeOutgoing(roles, exchange))
      .map((exchange) => {
        const details = canSeeOutgoingDetails(roles, exchange);
        const editableVariantIds = [...editableOutgoingVariants(roles, cycle, facts, exchange.distributorId)];
        if (!details) {
          return {
            distributor: ref(exchange.distributorId),
            variantIds: exchange.variantIds.filter(ownSupplierVariant),
            readyFor: exchange.readyFor,
            editableVariantIds,
            variantsLocked: exchange.variantsLocked,
            canEditDetails: false,
            permissionWithdrawn: false,
          };
        }
        return {
          distributor: ref(exchange.distributorId),
          variantIds: exchange.variantIds,
          feeIds: exchange.feeIds,
          readyFor: exchange.readyFor,
          readyOn: exchange.readyOn,
          pickupInstructions: exchange.pickupInstructions,
          pickupTimes: exchange.pickupTimes,
          tags: exchange.tags,
          shippingMethodIds: exchange.shippingMethodIds,
          paymentMethodIds: exchange.paymentMethodIds,
          visibility: exchange.visibility,
          // The share link's secret, for the managers who hand it out; only while unlisted (docs/api.md).
          shareKey: exchange.visibility === "unlisted" ? exchange.shareKey : null,
          variantsLocked: exchange.variantsLocked,
          canLockVariants: canLockVariants(roles),
          shippingMethodCaps: Object.entries(exchange.shippingMethodCaps ?? {}).map(([shippingMethodId, maxOrders]) => ({
            shippingMethodId,
            maxOrders,
            placedOrders: exchange.placedByMethod?.[shippingMethodId] ?? 0,
          })),
          canEditCaps: canEditPickupCaps(roles, exchange.distributorId),
          editableVariantIds,
          canEditDetails: canEditOutgoingDetails(roles, exchange.distributorId),
          permissionWithdrawn: withdrawn(exchange.distributorId),
        };
      }),
  };
}

export type CycleView = ReturnType<typeof cycleView>;
