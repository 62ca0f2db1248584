// The email outbox: every message is written here in the transaction that causes it,
// then delivered by the worker. The idempotency key makes a duplicate impossible.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";

/** A file attached to an outbox message: `calendar.ics`, `text/calendar`, its text. */
export type OutboxAttachment = { filename: string; contentType: string; content: string };

export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: id(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /** What the message is about, e.g. manager_invitation, producer_notification. */
    kind: text("kind").notNull(),
    // What the message is about, as columns a query can filter on instead of parsing the key. No
    // foreign keys: the outbox is the record of what was sent, and outlives the rows it names.
    cycleId: text("cycle_id"),
    supplierId: text("supplier_id"),
    orderId: text("order_id"),
    enterpriseId: text("enterprise_id"),
    /**
     * Set on marketing email only (decision 0053): the customer whose consent delivery checks at
     * send time, so a customer who unsubscribed after the row was queued is not sent to.
     */
    marketingCustomerId: text("marketing_customer_id"),
    /** The one-click unsubscribe link of a marketing email: sent as List-Unsubscribe. */
    unsubscribeUrl: text("unsubscribe_url"),
    /** Not sent before this instant (quiet hours defer marketing email); null: at once. */
    notBefore: instant("not_before"),
    toAddress: text("to_address").notNull(),
    replyTo: text("reply_to"),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    /** Files sent with the message (an order's calendar event), text content only. */
    attachments: jsonb("attachments").$type<OutboxAttachment[]>().notNull().default([]),
    /**
     * Rendered by the worker when it sends the row (decision 0061): a placed order's confirmation is
     * queued with its order id and kind only, and its subject, body and attachment are written here
     * in the delivery's transaction, before the send, so a retry sends the same message.
     */
    renderOnSend: boolean("render_on_send").notNull().default(false),
    /** queued | sent | failed | withdrawn (a marketing email whose customer withdrew consent before it left) */
    status: text("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: instant("sent_at"),
  },
  (t) => [
    index("outbox_emails_status_idx").on(t.status, t.createdAt),
    index("outbox_emails_cycle_idx").on(t.cycleId, t.supplierId, t.createdAt),
    check("outbox_emails_status_check", sql`${t.status} in ('queued', 'sent', 'failed', 'withdrawn')`),
  ],
);
