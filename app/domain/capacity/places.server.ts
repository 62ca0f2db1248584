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
  await freePlaces(tx, [place]);
}

/**
 * The places of many cancelled orders given back at once (a close's cancellations), as freePlace
 * gives each: two statements whatever their number, each counter lowered by its orders' count.
 * Orders without a pickup point hold no place.
 */
export async function freePlaces(tx: Executor, places: readonly Place[]) {
  const held = places.filter((place): place is Place & { shippingMethodId: string } => place.shippingMethodId !== null);
  if (held.length === 0) return;
  const cycles = new Map<string, number>();
  const points = new Map<string, { place: Place; count: number }>();
  for (const place of held) {
    cycles.set(place.orderCycleId, (cycles.get(place.orderCycleId) ?? 0) + 1);
    const key = JSON.stringify([place.orderCycleId, place.distributorId, place.shippingMethodId]);
    points.set(key, { place, count: (points.get(key)?.count ?? 0) + 1 });
  }
  const cycleIds = sql.param([...cycles.keys()]);
  await tx.execute(sql`select id from ${orderCycles} where id = any(${cycleIds}::text[]) order by id for key share`);
  const pointRows = JSON.stringify(
    [...points.values()].map(({ place, count }) => ({ cycle: place.orderCycleId, distributor: place.distributorId, method: place.shippingMethodId, n: count })),
  );
  await tx.execute(sql`
    with c as (
      update ${orderCycles} oc set placed_orders = greatest(oc.placed_orders - w.n, 0)
      from unnest(${cycleIds}::text[], ${sql.param([...cycles.values()])}::int[]) as w(id, n)
      where oc.id = w.id and oc.max_orders is not null
      returning 1
    ), p as (
      update ${pickupPointCaps} pc set placed_orders = greatest(pc.placed_orders - w.n, 0)
      from ${outgoingExchanges} x, json_to_recordset(${pointRows}::json) as w(cycle text, distributor text, method text, n int)
      where x.order_cycle_id = w.cycle and x.distributor_id = w.distributor
        and pc.exchange_id = x.id and pc.shipping_method_id = w.method
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
