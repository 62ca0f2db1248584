// Who asks about one order, and what they are to it: its buyer, its distributor's manager, the coordinator's.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { orderCycles, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { paymentStateSql } from "#app/domain/payments/balance.server";
import type { OrderFacts } from "./abilities";

/** Who asks about an order: a signed-in actor, and/or a guest holding the order's link key. */
export type OrderRequester = { actor?: Actor; hasOrderKey?: boolean };

/** Who may see an order: its buyer (signed in, or with the emailed link), its distributor's managers, the cycle's coordinator managers. */
export async function orderAccess(requester: OrderRequester, orderId: string, db: Executor = getDb()) {
  const actor = requester.actor;
  const [row] = await db
    .select({
      order: orders,
      paymentState: paymentStateSql(),
      coordinatorId: orderCycles.coordinatorId,
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
    })
    .from(orders)
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .where(and(eq(orders.id, orderId), sql`${orders.state} <> 'cart'`));
  if (!row) throw new DomainError("not_found");
  const isBuyer = Boolean(requester.hasOrderKey) || (actor !== undefined && row.order.buyerId === actor.userId);
  const isDistributor = actor?.enterpriseIds.includes(row.order.distributorId) ?? false;
  const isCoordinator = actor?.enterpriseIds.includes(row.coordinatorId) ?? false;
  if (!isBuyer && !isDistributor && !isCoordinator) throw new DomainError("not_found");
  return { ...row, isBuyer, isDistributor, isCoordinator };
}

/** The facts ./abilities decides from, out of what orderAccess read. */
export function orderFacts(access: Pick<OrderAccess, "order" | "paymentState" | "opensAt" | "closesAt">): OrderFacts {
  return { state: access.order.state, paymentState: access.paymentState, opensAt: access.opensAt, closesAt: access.closesAt };
}

export type OrderAccess = Awaited<ReturnType<typeof orderAccess>>;
