// A cycle's events for other systems (docs/domain.md 14), in the transaction of the change: heard by
// the endpoints of every enterprise in it, each sent the cycle as GET answers that enterprise (section 3).
import { sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { emitWebhookEvent } from "#app/domain/webhooks/emit.server";
import type { WebhookEventType } from "#app/domain/webhooks/events";
import { viewCycleForActor } from "./queries.server";

export type CycleEventType = Extract<WebhookEventType, `order_cycle.${string}`>;

export async function emitCycleEvent(tx: Executor, type: CycleEventType, cycleId: string, at: Date): Promise<void> {
  const owners = sql`select coordinator_id from order_cycles where id = ${cycleId}
    union select supplier_id from incoming_exchanges where order_cycle_id = ${cycleId}
    union select distributor_id from outgoing_exchanges where order_cycle_id = ${cycleId}`;
  await emitWebhookEvent(tx, {
    type,
    enterpriseIds: owners,
    at,
    // As that enterprise's managers see it: an actor managing that enterprise alone.
    data: (enterpriseId) => viewCycleForActor({ userId: "", enterpriseIds: [enterpriseId] }, cycleId, at),
  });
}
