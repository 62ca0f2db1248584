// The email outbox: every message is written here in the transaction that causes it,
// then delivered by the worker. The idempotency key makes a duplicate impossible.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";

export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: id(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /** What the message is about, e.g. manager_invitation, producer_notification. */
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** queued | sent | failed */
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: instant("sent_at"),
  },
  (t) => [
    index("outbox_emails_status_idx").on(t.status, t.createdAt),
    check("outbox_emails_status_check", sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);
