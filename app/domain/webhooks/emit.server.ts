// Writes an event's deliveries in the transaction of the change that caused it: one row per live
// endpoint of the enterprises that may see the resource, each with its delivery job (docs/domain.md 14).
// Nothing is read or built when no endpoint listens, so a hub without webhooks pays one indexed query.
import { randomUUID } from "node:crypto";
import { and, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import { addJobs, isJobQueueInstalled } from "#app/jobs/queue.server";
import type { WebhookEventType } from "./events";

export const WEBHOOK_JOB_KEY_PREFIX = "webhook:";

export type WebhookEvent = {
  type: WebhookEventType;
  /**
   * The enterprises entitled to the resource (docs/domain.md 3): only their endpoints hear of it.
   * Ids, or a query selecting them (so the caller's path costs one query when nobody listens).
   */
  enterpriseIds: readonly string[] | SQL;
  /** The resource as `GET` answers it for one owner. */
  data: (enterpriseId: string) => Promise<unknown>;
  at?: Date;
};

/** Records the event's deliveries and queues them; returns how many endpoints will hear of it. */
export async function emitWebhookEvent(tx: Executor, event: WebhookEvent): Promise<number> {
  return emitWebhookEvents(tx, { type: event.type, enterpriseIds: event.enterpriseIds }, [{ data: event.data, at: event.at }]);
}

/**
 * Many events of one type for the same enterprises (a cycle's invoices issued at once): the
 * listening endpoints are looked up once, and nothing more happens when there are none.
 */
export async function emitWebhookEvents(
  tx: Executor,
  audience: Pick<WebhookEvent, "type" | "enterpriseIds">,
  events: readonly Pick<WebhookEvent, "data" | "at">[],
): Promise<number> {
  const owners = Array.isArray(audience.enterpriseIds) ? [...new Set(audience.enterpriseIds)].filter(Boolean) : audience.enterpriseIds;
  if (events.length === 0 || (Array.isArray(owners) && owners.length === 0)) return 0;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enterpriseId: webhookEndpoints.enterpriseId })
    .from(webhookEndpoints)
    .where(
      and(
        Array.isArray(owners) ? inArray(webhookEndpoints.enterpriseId, owners) : sql`${webhookEndpoints.enterpriseId} in (${owners})`,
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.disabledAt),
        sql`${webhookEndpoints.events} @> ${JSON.stringify([audience.type])}::jsonb`,
      ),
    );
  return recordDeliveries(
    tx,
    audience.type,
    events.map((event) => ({ ...event, endpoints })),
  );
}

/**
 * Events of one type each heard by its own enterprises (a close's cancelled orders, each by its
 * shop and its cycle's coordinator): the endpoints listening among all of them are looked up in
 * one query, and nothing more happens when there are none.
 */
export async function emitWebhookEventsEach(
  tx: Executor,
  type: WebhookEventType,
  events: readonly (Pick<WebhookEvent, "data" | "at"> & { enterpriseIds: readonly string[] })[],
): Promise<number> {
  const owners = [...new Set(events.flatMap((event) => event.enterpriseIds))].filter(Boolean);
  if (owners.length === 0) return 0;
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enterpriseId: webhookEndpoints.enterpriseId })
    .from(webhookEndpoints)
    .where(
      and(
        inArray(webhookEndpoints.enterpriseId, owners),
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.disabledAt),
        sql`${webhookEndpoints.events} @> ${JSON.stringify([type])}::jsonb`,
      ),
    );
  if (endpoints.length === 0) return 0;
  return recordDeliveries(
    tx,
    type,
    events.map((event) => ({ ...event, endpoints: endpoints.filter((endpoint) => event.enterpriseIds.includes(endpoint.enterpriseId)) })),
  );
}

/** One delivery row per event and listening endpoint, one body per event and owner, written and queued in one statement each. */
async function recordDeliveries(
  tx: Executor,
  type: WebhookEventType,
  events: readonly (Pick<WebhookEvent, "data" | "at"> & { endpoints: readonly { id: string; enterpriseId: string }[] })[],
): Promise<number> {
  const values: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const event of events) {
    if (event.endpoints.length === 0) continue;
    const eventId = `evt_${randomUUID()}`;
    const createdAt = (event.at ?? new Date()).toISOString();
    const bodies = new Map<string, string>();
    for (const endpoint of event.endpoints) {
      if (!bodies.has(endpoint.enterpriseId)) {
        bodies.set(endpoint.enterpriseId, JSON.stringify({ id: eventId, type, createdAt, data: await event.data(endpoint.enterpriseId) }));
      }
      values.push({ endpointId: endpoint.id, eventId, eventType: type, body: bodies.get(endpoint.enterpriseId)! });
    }
  }
  if (values.length === 0) return 0;
  const rows = await tx.insert(webhookDeliveries).values(values).returning({ id: webhookDeliveries.id });
  // Before the worker has ever started the queue is not installed; its first sweep gives these their jobs.
  if (await isJobQueueInstalled(tx)) {
    await addJobs(
      "deliver_webhook",
      rows.map((row) => ({ payload: { deliveryId: row.id }, jobKey: WEBHOOK_JOB_KEY_PREFIX + row.id })),
      tx,
    );
  }
  return rows.length;
}
