// Query scopes: the rules of ./cycle-rules as SQL conditions, so a list returns only what its
// caller may see, in the query itself (docs/domain.md section 3).
import { inArray, or, type SQL } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { incomingExchanges, orderCycles, outgoingExchanges } from "#db/schema";

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
