// An order's events for other systems (docs/domain.md 14), in the transaction of the change: heard
// by the endpoints of the order's shop and of its cycle's coordinator, the two who may read it (section 3).
import { sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { emitWebhookEvent } from "#app/domain/webhooks/emit.server";
import type { WebhookEventType } from "#app/domain/webhooks/events";
import { orderJsonWithHistory } from "./queries.server";

export type OrderEventType = Extract<WebhookEventType, `order.${string}`>;

export async function emitOrderEvent(tx: Executor, type: OrderEventType, orderId: string, at?: Date): Promise<void> {
  const owners = sql`select o.distributor_id from orders o where o.id = ${orderId}
    union select c.coordinator_id from orders o join order_cycles c on c.id = o.order_cycle_id where o.id = ${orderId}`;
  let data: Promise<unknown> | undefined;
  await emitWebhookEvent(tx, { type, enterpriseIds: owners, at, data: () => (data ??= orderJsonWithHistory(orderId, tx)) });
}
