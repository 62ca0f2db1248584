// Invoices and credit notes (docs/domain.md 10): immutable snapshots of an order, numbered per
// distributor and year from a counter row taken in the issuing transaction (decision 0037).
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { enterprises } from "./enterprises";
import { orderCycles } from "./order-cycles";
import { orders } from "./orders";

/** The last number a distributor gave in a year; locked FOR UPDATE by whoever issues the next. */
export const invoiceCounters = pgTable(
  "invoice_counters",
  {
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id),
    year: integer("year").notNull(),
    lastSequence: integer("last_sequence").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.distributorId, t.year] })],
);

export const invoices = pgTable(
  "invoices",
  {
    id: id(),
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id),
    /** invoice | credit_note */
    kind: text("kind").notNull(),
    number: text("number").notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    /** A credit note names the invoice it cancels. */
    creditsInvoiceId: text("credits_invoice_id").references((): AnyPgColumn => invoices.id),
    /** Set on an invoice when a credit note cancels it; the order then has no live invoice. */
    creditedAt: instant("credited_at"),
    issuedAt: instant("issued_at").notNull(),
    issuedByUserId: text("issued_by_user_id").references(() => users.id),
    /** The buyer's language, in which the invoice is shown. */
    locale: text("locale").notNull(),
    /** What of the order the snapshot was made from: issuing again compares it to the order now. */
    orderFingerprint: text("order_fingerprint").notNull(),
    totalCents: integer("total_cents").notNull(),
    totalExcludingTaxCents: integer("total_excluding_tax_cents").notNull(),
    snapshot: jsonb("snapshot").notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invoices_number_idx").on(t.distributorId, t.number),
    uniqueIndex("invoices_sequence_idx").on(t.distributorId, t.year, t.sequence),
    uniqueIndex("invoices_credits_idx").on(t.creditsInvoiceId),
    // One live invoice per order: issuing twice at once cannot make two.
    uniqueIndex("invoices_live_per_order_idx")
      .on(t.orderId)
      .where(sql`${t.kind} = 'invoice' and ${t.creditedAt} is null`),
    index("invoices_order_idx").on(t.orderId, t.issuedAt),
    index("invoices_cycle_idx").on(t.orderCycleId, t.distributorId),
    check("invoices_kind_check", sql`${t.kind} in ('invoice', 'credit_note')`),
    check("invoices_credit_link_check", sql`(${t.kind} = 'credit_note') = (${t.creditsInvoiceId} is not null)`),
  ],
);

/**
 * Things that happened which other systems may want to hear of (docs/domain.md 14:
 * `invoice.issued`, ...), written in the transaction that makes them happen; a webhook sender reads them.
 */
export const domainEvents = pgTable(
  "domain_events",
  {
    id: id(),
    type: text("type").notNull(),
    enterpriseId: text("enterprise_id").references(() => enterprises.id),
    subjectId: text("subject_id").notNull(),
    payload: jsonb("payload").notNull().$type<Record<string, unknown>>(),
    occurredAt: instant("occurred_at").notNull(),
  },
  (t) => [index("domain_events_enterprise_idx").on(t.enterpriseId, t.occurredAt), index("domain_events_type_idx").on(t.type, t.occurredAt)],
);
