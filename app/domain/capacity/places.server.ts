// Capacity caps (docs/domain.md 12, decision 0046): an order takes a place of its cycle and of its
// pickup point from a counter in its own transaction, and a cancellation gives it back. Never a
// count followed by an insert: the counter's conditional update is the check.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orderCycles, orders, outgoingExchanges, pickupPointCaps } from "#db/schema";
import { DomainError } from "#app/domain/errors";

type Place = { orderCycleId: string; distributorId: string; shippingMethodId: string | null };

/**
 * Takes the order's place, in one statement: +1 on the cycle's counter when the cycle is capped
 * and on its pickup point's when that is. A counter that goes over its cap fails the order (its
 * transaction rolls the +1 back). The caller holds the cycle's row in key share (holdCycleOpen):
 * a cap is set only under the cycle's FOR UPDATE lock, so it cannot change, nor its counter be
 * recounted, while this order is being written. The counters' row locks serialise orders of a
 * capped cycle or pickup point only; an uncapped one matches no row and waits for nothing.
 */
export async function takePlace(tx: Executor, place: Place) {
  const [row] = await tx.execute<{ cycle_full: boolean | null; point_full: boolean | null }>(sql`
    with c as (
      update ${orderCycles} set placed_orders = placed_orders + 1
      where id = ${place.orderCycleId} and max_orders is not null
      returning placed_orders > max_orders as is_full
    ), p as (
      update ${pickupPointCaps} pc set placed_orders = pc.placed_orders + 1
      from ${outgoingExchanges} x
      where x.order_cycle_id = ${place.orderCycleId} and x.distributor_id = ${place.distributorId}
        and pc.exchange_id = x.id and pc.shipping_method_id = ${place.shippingMethodId}
      returning pc.placed_orders > pc.max_orders as is_full
    )
    select (select is_full from c) as cycle_full, (select is_full from p) as point_full`);
  if (row?.point_full) throw new DomainError("capacity_reached", { shippingMethodId: { key: "pickupPointFull" } });
  if (row?.cycle_full) throw new DomainError("capacity_reached", { orderCycleId: { key: "cycleFull" } });
}

/**
 * Gives a placed order's place back (a cancellation). The cycle's row is taken in key share first,
 * in its own statement, so a cap being set meanwhile (which recounts under FOR UPDATE) is waited
 * for and then seen by the update; the counters never go below 0.
 */
export async function freePlace(tx: Executor, place: Place) {
  await tx.execute(sql`select id from ${orderCycles} where id = ${place.orderCycleId} for key share`);
  await tx.execute(sql`
    with c as (
      update ${orderCycles} set placed_orders = greatest(placed_orders - 1, 0)
      where id = ${place.orderCycleId} and max_orders is not null
      returning 1
    ), p as (
      update ${pickupPointCaps} pc set placed_orders = greatest(pc.placed_orders - 1, 0)
      from ${outgoingExchanges} x
      where x.order_cycle_id = ${place.orderCycleId} and x.distributor_id = ${place.distributorId}
        and pc.exchange_id = x.id and pc.shipping_method_id = ${place.shippingMethodId}
      returning 1
    )
    select (select count(*) from c) + (select count(*) from p) as freed`);
}

/** Placed orders of a cycle, or of one pickup point of one exchange. Read only under the cycle's FOR UPDATE lock. */
async function countPlaced(tx: Executor, cycleId: string, point?: { distributorId: string; shippingMethodId: string }) {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(orders)
    .where(
      and(
        eq(orders.orderCycleId, cycleId),
        eq(orders.state, "placed"),
        point ? and(eq(orders.distributorId, point.distributorId), eq(orders.shippingMethodId, point.shippingMethodId)) : undefined,
      ),
    );
  return Number(row?.count ?? 0);
}

/**
 * Sets (or clears, with null) the cycle's cap. The caller holds the cycle FOR UPDATE (lockCycle):
 * no order is being placed or cancelled meanwhile, so the count read here is exact and the counter
 * starts from it.
 */
export async function writeCycleCap(tx: Executor, cycleId: string, maxOrders: number | null) {
  const placedOrders = maxOrders === null ? 0 : await countPlaced(tx, cycleId);
  await tx.update(orderCycles).set({ maxOrders, placedOrders }).where(eq(orderCycles.id, cycleId));
}

/**
 * Writes an exchange's pickup-point caps (method id -> max orders): a new cap's counter starts from
 * the orders already placed there, a changed one keeps its counter, a removed one goes. Under the
 * cycle's FOR UPDATE lock, as writeCycleCap.
 */
export async function writePickupCaps(
  tx: Executor,
  cycleId: string,
  exchange: { id: string; distributorId: string },
  before: Readonly<Record<string, number>>,
  caps: Readonly<Record<string, number>>,
) {
  const removed = Object.keys(before).filter((methodId) => caps[methodId] === undefined);
  if (removed.length)
    await tx.delete(pickupPointCaps).where(and(eq(pickupPointCaps.exchangeId, exchange.id), inArray(pickupPointCaps.shippingMethodId, removed)));
  for (const [shippingMethodId, maxOrders] of Object.entries(caps)) {
    if (before[shippingMethodId] === maxOrders) continue;
    if (before[shippingMethodId] !== undefined) {
      await tx
        .update(pickupPointCaps)
        .set({ maxOrders })
        .where(and(eq(pickupPointCaps.exchangeId, exchange.id), eq(pickupPointCaps.shippingMethodId, shippingMethodId)));
      continue;
    }
    const placedOrders = await countPlaced(tx, cycleId, { distributorId: exchange.distributorId, shippingMethodId });
    await tx.insert(pickupPointCaps).values({ exchangeId: exchange.id, shippingMethodId, maxOrders, placedOrders });
  }
}
