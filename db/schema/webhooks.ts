// Webhooks (docs/domain.md 14): endpoints an enterprise registers, and one delivery row per event
// and endpoint, written in the transaction of the change that caused the event.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    url: text("url").notNull(),
    events: jsonb("events").notNull().$type<string[]>(),
    /** Signs every delivery; shown to its creator once, never answered again. */
    secret: text("secret").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    /** The first failed attempt since the last delivered one; null while deliveries succeed. */
    failingSince: instant("failing_since"),
    disabledAt: instant("disabled_at"),
    deletedAt: instant("deleted_at"),
  },
  (t) => [index("webhook_endpoints_enterprise_idx").on(t.enterpriseId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The exact body sent: `{id, type, createdAt, data}`. */
    body: text("body").notNull(),
    /** pending (waiting for an attempt), delivered, failed (gave up after 24 h or the endpoint went). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    lastAttemptAt: instant("last_attempt_at"),
    responseStatus: integer("response_status"),
    durationMs: integer("duration_ms"),
    lastError: text("last_error"),
    deliveredAt: instant("delivered_at"),
    /** Set on a replay: the delivery it sends again. */
    replayOfId: text("replay_of_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    uniqueIndex("webhook_deliveries_event_idx")
      .on(t.endpointId, t.eventId)
      .where(sql`${t.replayOfId} is null`),
    check("webhook_deliveries_status_check", sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);
