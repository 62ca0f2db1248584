// Writing a copy of a cycle from its clone plan: the row, its coordinator fees, its exchanges and the
// history line that says where it came from. A clone and each repeat are copies (docs/domain.md 2, 15).
import { inArray } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { enterprises, orderCycles } from "#db/schema";
import type { ClonePlan } from "./clone";
import type { OrderCycle } from "./model";
import { writeCycleCap, writePickupCaps } from "#app/domain/capacity/places.server";
import { recordHistory, writeCoordinatorFees, writeIncoming, writeOutgoing } from "./persist.server";

export type CopyRow = {
  name: string;
  opensAt: Date | null;
  closesAt: Date | null;
  seriesId?: string;
  seriesIndex?: number;
};

/**
 * The copy's id, or null when its place in the series was taken meanwhile (a repeat from another
 * cycle of the series at the same moment): the unique index decides, and nothing is written.
 */
export async function writeCopy(
  tx: Executor,
  userId: string,
  cycle: OrderCycle,
  plan: ClonePlan,
  copy: CopyRow,
  history: { action: "cloned_from" | "repeated_from"; details?: Record<string, unknown> },
): Promise<string | null> {
  const [row] = await tx
    .insert(orderCycles)
    .values({
      name: copy.name.slice(0, 120),
      coordinatorId: cycle.coordinatorId,
      opensAt: copy.opensAt,
      closesAt: copy.closesAt,
      automaticNotifications: cycle.automaticNotifications,
      seriesId: copy.seriesId ?? null,
      seriesIndex: copy.seriesIndex ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: orderCycles.id });
  if (!row) return null;
  await writeCoordinatorFees(tx, row.id, plan.coordinatorFeeIds);
  for (const exchange of plan.incoming) await writeIncoming(tx, row.id, { ...exchange, id: undefined });
  // A copy keeps the caps, its counters starting at 0 (decision 0046).
  await writeCycleCap(tx, row.id, cycle.maxOrders ?? null);
  for (const exchange of plan.outgoing) {
    const exchangeId = await writeOutgoing(tx, row.id, { ...exchange, id: undefined });
    await writePickupCaps(tx, row.id, { id: exchangeId, distributorId: exchange.distributorId }, {}, exchange.shippingMethodCaps ?? {});
  }
  const leftOutIds = [...plan.leftOut.supplierIds, ...plan.leftOut.distributorIds];
  const names = leftOutIds.length
    ? new Map(
        (await tx.select({ id: enterprises.id, name: enterprises.name }).from(enterprises).where(inArray(enterprises.id, leftOutIds))).map((e) => [
          e.id,
          e.name,
        ]),
      )
    : new Map<string, string>();
  await recordHistory(tx, row.id, userId, history.action, {
    orderCycleId: cycle.id,
    name: cycle.name,
    leftOut: { ...plan.leftOut, names: leftOutIds.map((id) => names.get(id) ?? "") },
    ...history.details,
  });
  return row.id;
}
