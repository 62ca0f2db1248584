// An order's events for other systems (docs/domain.md 14), in the transaction of the change: heard
// by the endpoints of the order's shop and of its cycle's coordinator, the two who may read it (section 3).
import { sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { emitWebhookEvent, emitWebhookEventsEach } from "#app/domain/webhooks/emit.server";
import type { WebhookEventType } from "#app/domain/webhooks/events";
import { orderJsonWithHistory } from "./queries.server";

export type OrderEventType = Extract<WebhookEventType, `order.${string}`>;

export async function emitOrderEvent(tx: Executor, type: OrderEventType, orderId: string, at?: Date): Promise<void> {
  const owners = sql`select o.distributor_id from orders o where o.id = ${orderId}
    union select c.coordinator_id from orders o join order_cycles c on c.id = o.order_cycle_id where o.id = ${orderId}`;
  let data: Promise<unknown> | undefined;
  await emitWebhookEvent(tx, { type, enterpriseIds: owners, at, data: () => (data ??= orderJsonWithHistory(orderId, tx)) });
}

/** The same event for many orders (a close's cancellations), each heard by its own shop and coordinator: the owners and their endpoints read once. */
export async function emitOrderEvents(tx: Executor, type: OrderEventType, orderIds: readonly string[], at?: Date): Promise<void> {
  if (orderIds.length === 0) return;
  const owners = await tx.execute<{ id: string; distributor_id: string; coordinator_id: string }>(sql`
    select o.id, o.distributor_id, c.coordinator_id from orders o join order_cycles c on c.id = o.order_cycle_id
    where o.id = any(${sql.param([...orderIds])}::text[]) order by o.id`);
  await emitWebhookEventsEach(
    tx,
    type,
    owners.map((order) => {
      let data: Promise<unknown> | undefined;
      return { enterpriseIds: [order.distributor_id, order.coordinator_id], at, data: () => (data ??= orderJsonWithHistory(order.id, tx)) };
    }),
  );
}
