// Query scopes: the rules of ./cycle-rules as SQL conditions, so a list returns only what its
// caller may see, in the query itself (docs/domain.md section 3).
import { inArray, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { incomingExchanges, orderCycles, orders, outgoingExchanges } from "#db/schema";
import type { Actor } from "#app/domain/actor";

/**
 * Cycles the caller is involved in (isInvolved): coordinated by, supplied by or distributing
 * through an enterprise they manage. Callers managing nothing see no cycle (check before).
 */
export function visibleCycles(managed: readonly string[]): SQL | undefined {
  const ids = [...managed];
  return or(
    inArray(orderCycles.coordinatorId, ids),
    inArray(orderCycles.id, getDb().select({ id: incomingExchanges.orderCycleId }).from(incomingExchanges).where(inArray(incomingExchanges.supplierId, ids))),
    inArray(
      orderCycles.id,
      getDb().select({ id: outgoingExchanges.orderCycleId }).from(outgoingExchanges).where(inArray(outgoingExchanges.distributorId, ids)),
    ),
  );
}

/**
 * Orders the caller may see as a manager (docs/domain.md 3, "orders of the cycle"): every order of
 * the cycles its enterprises coordinate, and those of its own shops. A supplier sees lines of its
 * products, never whole orders, so being a supplier adds nothing here; carts are nobody's yet.
 */
export function visibleOrders(actor: Pick<Actor, "enterpriseIds">): SQL {
  const ids = [...actor.enterpriseIds];
  if (ids.length === 0) return sql`false`;
  return sql`${orders.state} in ('placed', 'cancelled') and ${or(
    inArray(orders.distributorId, ids),
    inArray(orders.orderCycleId, getDb().select({ id: orderCycles.id }).from(orderCycles).where(inArray(orderCycles.coordinatorId, ids))),
  )}`;
}
