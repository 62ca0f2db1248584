// Payment records of orders (docs/domain.md 9, decision 0033): every payment received and every
// refund is one row; what an order has paid and still owes is computed from them, never stored.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { orders } from "./orders";

export const payments = pgTable(
  "payments",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    /** payment (money received) | refund (money given back); amounts are always positive. */
    kind: text("kind").notNull(),
    /** card | cash | bank_transfer | credit | other */
    method: text("method").notNull(),
    amountCents: integer("amount_cents").notNull(),
    /** pending | completed | failed | refunded (a payment whose whole amount went back) */
    state: text("state").notNull(),
    occurredAt: instant("occurred_at").notNull(),
    recordedByUserId: text("recorded_by_user_id").references(() => users.id),
    /** Stripe's PaymentIntent id of a card payment, its Refund id (or charge reconciliation key) of a refund. */
    externalReference: text("external_reference").unique(),
    note: text("note").notNull().default(""),
    /** The payment a refund gives back (card refunds always name one). */
    refundsPaymentId: text("refunds_payment_id").references((): AnyPgColumn => payments.id),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    index("payments_refunds_payment_idx").on(t.refundsPaymentId),
    check("payments_kind_check", sql`${t.kind} in ('payment', 'refund')`),
    check("payments_method_check", sql`${t.method} in ('card', 'cash', 'bank_transfer', 'credit', 'other')`),
    check("payments_state_check", sql`${t.state} in ('pending', 'completed', 'failed', 'refunded')`),
    check("payments_amount_check", sql`${t.amountCents} > 0`),
    check("payments_refund_link_check", sql`${t.kind} = 'refund' or ${t.refundsPaymentId} is null`),
  ],
);

/**
 * The first answer to a money POST, per caller, route and Idempotency-Key: the same key answers it
 * again and records nothing more. Written in the transaction that records the money.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actorUserId: text("actor_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    status: integer("status").notNull().default(0),
    response: jsonb("response"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.actorUserId, t.scope, t.key] })],
);
