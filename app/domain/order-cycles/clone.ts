// What a copy of a cycle keeps (docs/domain.md section 2, "cloned"). A copy is a new cycle, so putting
// its parties in is a new addition: those that withdrew add_to_order_cycle since are left out
// (revoking stops future additions, section 3), and so are archived fees and methods. Pure.
import { grantedAddToCycle, variantsAllowedForDistributor } from "#app/domain/access/cycle-rules";
import type { CycleFacts, IncomingExchange, OrderCycle, OutgoingExchange } from "./model";

export type ClonePlan = {
  coordinatorFeeIds: string[];
  incoming: IncomingExchange[];
  outgoing: OutgoingExchange[];
  /** Parties of the original that the copy leaves out, for the coordinator to be told. */
  leftOut: { supplierIds: string[]; distributorIds: string[] };
};

export function clonePlan(cycle: OrderCycle, facts: CycleFacts): ClonePlan {
  const live = (ids: readonly string[]) => ids.filter((id) => !facts.archivedIds?.has(id));
  const mayAdd = (partyId: string) => grantedAddToCycle(facts, partyId, cycle.coordinatorId);
  const incoming = cycle.incoming.filter((exchange) => mayAdd(exchange.supplierId)).map((exchange) => ({ ...exchange, feeIds: live(exchange.feeIds) }));
  const outgoing = cycle.outgoing
    .filter((exchange) => mayAdd(exchange.distributorId))
    .map((exchange) => {
      const allowed = variantsAllowedForDistributor({ incoming }, facts, exchange.distributorId);
      return {
        ...exchange,
        // The ready-on date drives buyer reminders: last cycle's would remind for a day that passed.
        readyOn: null,
        // Unlisted stays unlisted, but the copy gets a link of its own (persist writes a new key).
        shareKey: null,
        variantIds: exchange.variantIds.filter((id) => allowed.has(id)),
        feeIds: live(exchange.feeIds),
        shippingMethodIds: live(exchange.shippingMethodIds),
        paymentMethodIds: live(exchange.paymentMethodIds),
        // Caps of the methods that stay; the copy's counters start at 0 (it has no orders).
        ...(exchange.shippingMethodCaps
          ? {
              shippingMethodCaps: Object.fromEntries(Object.entries(exchange.shippingMethodCaps).filter(([id]) => !facts.archivedIds?.has(id))),
              placedByMethod: {},
            }
          : {}),
      };
    });
  return {
    coordinatorFeeIds: live(cycle.coordinatorFeeIds),
    incoming,
    outgoing,
    leftOut: {
      supplierIds: cycle.incoming.filter((exchange) => !mayAdd(exchange.supplierId)).map((exchange) => exchange.supplierId),
      distributorIds: cycle.outgoing.filter((exchange) => !mayAdd(exchange.distributorId)).map((exchange) => exchange.distributorId),
    },
  };
}
