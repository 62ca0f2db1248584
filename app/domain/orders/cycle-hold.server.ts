// An order is written only while its cycle takes orders, and the close waits for it (docs/quality.md R7).
import { eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { enterprises, orderCycles, outgoingExchanges } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { cycleState, takesOrders } from "#app/domain/order-cycles/state";

/**
 * With `afterClose` (a manager entering an order for a customer) a closed cycle is held too: the
 * close still waits for the order, which is then in the producers' emails or in an amendment.
 *
 * Called once the cycle was found open: locks it against its close being processed while the
 * order is written (docs/quality.md R7). Closing takes the row FOR UPDATE (and skips it while orders
 * hold it), so every order either commits before the close is processed, and is in the producers'
 * and coordinator's emails, or waits and is refused here. Orders refused as closed never lock.
 */
export async function holdCycleOpen(tx: Executor, cycleId: string, now: Date, distributorId?: string, options: { afterClose?: boolean } = {}) {
  const [row] = await tx
    .select({
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
      processedClosesAt: orderCycles.processedClosesAt,
      // What the confirmation email needs besides the order, read while here.
      // Outer columns spelled out: drizzle names them without their table inside a one-table select.
      timeZone: sql<string>`(select time_zone from ${enterprises} c where c.id = order_cycles.coordinator_id)`,
      distributorEmail: sql<string | null>`(select email from ${enterprises} d where d.id = ${distributorId ?? null})`,
      distributorTimeZone: sql<string>`coalesce((select time_zone from ${enterprises} d where d.id = ${distributorId ?? null}), 'UTC')`,
      pickupInstructions: sql<
        string | null
      >`(select pickup_instructions from ${outgoingExchanges} x where x.order_cycle_id = order_cycles.id and x.distributor_id = ${distributorId ?? null})`,
      pickupTimes: sql<Record<
        string,
        string
      > | null>`(select pickup_times from ${outgoingExchanges} x where x.order_cycle_id = order_cycles.id and x.distributor_id = ${distributorId ?? null})`,
    })
    .from(orderCycles)
    .where(eq(orderCycles.id, cycleId))
    .for("key share", { of: orderCycles });
  // Read again under the lock: the dates may have moved, or the close been processed, while we waited.
  if (!row) throw new DomainError("order_cycle_closed");
  // The hub's side enters orders after the close too (decision 0048); before the cycle opens, nobody does.
  if (options.afterClose) {
    const state = cycleState(row, now);
    if (state !== "open" && state !== "closed") throw new DomainError("conflict", { orderCycleId: { key: "cycleNotOpenYet" } });
    return row;
  }
  if (!takesOrders(row, now)) throw new DomainError("order_cycle_closed");
  return row;
}
