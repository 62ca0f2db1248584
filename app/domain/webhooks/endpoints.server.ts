// Registering, listing and removing an enterprise's webhook endpoints, their delivery log and replays
// (docs/api.md, "Connecting other systems"). An enterprise's own managers only; anyone else is not told
// an endpoint exists.
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/connection.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ensure, loadAccessContext } from "#app/domain/access/context.server";
import { ownerEnterprise } from "#app/domain/access/owned.server";
import { canAdministerEnterprise } from "#app/domain/access/enterprise-rules";
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { addJob, isJobQueueInstalled } from "#app/jobs/queue.server";
import { WEBHOOK_JOB_KEY_PREFIX } from "./emit.server";
import { webhookEventTypes } from "./events";
import { newSigningSecret } from "./signature";
import { checkedEndpointUrl } from "./url-guard.server";

/** An enterprise keeps at most this many endpoints. */
const MAX_ENDPOINTS = 20;
const DELIVERIES_PAGE = 50;

export const createEndpointSchema = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  events: z
    .array(z.enum(webhookEventTypes, { error: "fields.unknownEvent" }))
    .min(1)
    .max(webhookEventTypes.length)
    .refine((events) => new Set(events).size === events.length, { error: "fields.duplicateEvent" }),
});

type EndpointRow = typeof webhookEndpoints.$inferSelect;

export function endpointJson(row: EndpointRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    createdAt: row.createdAt.toISOString(),
    state: row.disabledAt ? "disabled" : "active",
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
  };
}

export async function createEndpoint(actor: Actor, enterpriseId: string, input: unknown) {
  await ownerEnterprise(actor, enterpriseId, "webhook", "manage");
  // Every field's problem at once: the address is checked even when the events are wrong.
  let fields: FieldErrors = {};
  let parsed: z.output<typeof createEndpointSchema> | undefined;
  try {
    parsed = parseWith(createEndpointSchema, input);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "validation_failed") throw error;
    fields = { ...error.fields };
  }
  const rawUrl = parsed?.url ?? (typeof (input as { url?: unknown } | null)?.url === "string" ? String((input as { url: string }).url).trim() : "");
  let checkedUrl = "";
  if (!fields.url && rawUrl) {
    try {
      checkedUrl = await checkedEndpointUrl(rawUrl);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fields = { ...fields, ...error.fields };
    }
  }
  if (!parsed || Object.keys(fields).length > 0) throw new DomainError("validation_failed", fields);
  const { events } = parsed;
  const secret = newSigningSecret();
  const row = await getDb().transaction(async (tx) => {
    const live = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enterpriseId, enterpriseId), isNull(webhookEndpoints.deletedAt)))
      .for("update");
    if (live.length >= MAX_ENDPOINTS) throw new DomainError("validation_failed", { url: { key: "tooManyEndpoints", values: { max: MAX_ENDPOINTS } } });
    const [created] = await tx.insert(webhookEndpoints).values({ enterpriseId, url: checkedUrl, events, secret, createdByUserId: actor.userId }).returning();
    return created;
  });
  return { ...endpointJson(row), secret };
}

export async function listEndpoints(actor: Actor, enterpriseId: string) {
  await ownerEnterprise(actor, enterpriseId, "webhook", "see");
  const rows = await getDb()
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enterpriseId, enterpriseId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(webhookEndpoints.createdAt);
  return rows.map(endpointJson);
}

/** A live endpoint its enterprise's managers may manage; 404 for everyone else. */
async function endpointForActor(actor: Actor, endpointId: string) {
  const [context, [row]] = await Promise.all([
    loadAccessContext(actor),
    getDb()
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, endpointId), isNull(webhookEndpoints.deletedAt))),
  ]);
  if (!row) throw new DomainError("not_found");
  ensure(canAdministerEnterprise(context, row.enterpriseId), false);
  return row;
}

/** Removes an endpoint: nothing more is sent to it, waiting deliveries are given up. */
export async function deleteEndpoint(actor: Actor, endpointId: string) {
  const row = await endpointForActor(actor, endpointId);
  await getDb().transaction(async (tx) => {
    await tx.update(webhookEndpoints).set({ deletedAt: new Date() }).where(eq(webhookEndpoints.id, row.id));
    await tx
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "endpoint removed", nextAttemptAt: null })
      .where(and(eq(webhookDeliveries.endpointId, row.id), eq(webhookDeliveries.status, "pending")));
  });
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function deliveryJson(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    type: row.eventType,
    status: row.status,
    responseStatus: row.responseStatus,
    attempts: row.attempts,
    durationMs: row.durationMs,
    error: row.lastError,
    at: (row.lastAttemptAt ?? row.createdAt).toISOString(),
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    replayOf: row.replayOfId,
  };
}

/** The delivery log, newest first, a page at a time: `cursor` is the last id of the previous page. */
export async function deliveriesOf(actor: Actor, endpointId: string, cursor?: string | null) {
  const endpoint = await endpointForActor(actor, endpointId);
  let after: DeliveryRow | undefined;
  if (cursor) {
    [after] = await getDb()
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, cursor), eq(webhookDeliveries.endpointId, endpoint.id)));
    if (!after) throw new DomainError("validation_failed", { cursor: { key: "invalidCursor" } });
  }
  const rows = await getDb()
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoint.id),
        after
          ? or(lt(webhookDeliveries.createdAt, after.createdAt), and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(DELIVERIES_PAGE + 1);
  const page = rows.slice(0, DELIVERIES_PAGE);
  return { endpoint: endpointJson(endpoint), items: page.map(deliveryJson), nextCursor: rows.length > DELIVERIES_PAGE ? page.at(-1)!.id : null };
}

/** Sends a delivery again as a new one, marked as a replay; the original keeps its record. */
export async function replayDelivery(actor: Actor, endpointId: string, deliveryId: string) {
  const endpoint = await endpointForActor(actor, endpointId);
  if (endpoint.disabledAt) throw new DomainError("conflict", {}, { reason: "endpoint_disabled" });
  return getDb().transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)));
    if (!original) throw new DomainError("not_found");
    const [replay] = await tx
      .insert(webhookDeliveries)
      .values({ endpointId: endpoint.id, eventId: original.eventId, eventType: original.eventType, body: original.body, replayOfId: original.id })
      .returning();
    if (await isJobQueueInstalled(tx)) await addJob("deliver_webhook", { deliveryId: replay.id }, { jobKey: WEBHOOK_JOB_KEY_PREFIX + replay.id }, tx);
    return deliveryJson(replay);
  });
}
