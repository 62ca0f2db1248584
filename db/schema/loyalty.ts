// Loyalty credit (docs/domain.md 13, decision 0052): a distributor's loyalty setting and automatic
// tags, and each customer's credit with that distributor as a balance row plus its ledger.
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { enterprises } from "./enterprises";
import { orders } from "./orders";

/** One row per distributor that set loyalty or automatic tags; no row (or null rates): loyalty off. */
export const loyaltySettings = pgTable(
  "loyalty_settings",
  {
    distributorId: text("distributor_id")
      .primaryKey()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    /** Whole points earned per euro of an order; null: loyalty off. */
    pointsPerEuro: integer("points_per_euro"),
    /** Credit, in cents, one point converts to. */
    centsPerPoint: integer("cents_per_point"),
    /** [{tag, afterCollectedOrders}] */
    autoTags: jsonb("auto_tags").notNull().$type<{ tag: string; afterCollectedOrders: number }[]>().default([]),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check(
      "loyalty_settings_rates_check",
      sql`(${t.pointsPerEuro} is null and ${t.centsPerPoint} is null) or (${t.pointsPerEuro} > 0 and ${t.centsPerPoint} > 0)`,
    ),
  ],
);

/**
 * A customer's credit with a distributor, keyed by the lowercased email the customer list and
 * orders use. The balance moves only by one conditional statement; the check makes a negative
 * balance impossible rather than unlikely.
 */
export const customerCredits = pgTable(
  "customer_credits",
  {
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    emailKey: text("email_key").notNull(),
    balanceCents: integer("balance_cents").notNull().default(0),
    /** Every point earned so far (points are converted to credit as they are earned). */
    points: integer("points").notNull().default(0),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.distributorId, t.emailKey] }),
    check("customer_credits_balance_check", sql`${t.balanceCents} >= 0`),
    check("customer_credits_points_check", sql`${t.points} >= 0`),
    check("customer_credits_email_key_check", sql`${t.emailKey} = lower(${t.emailKey})`),
  ],
);

/** The ledger: every movement of a customer's credit, signed (earned and refund add, spent takes). */
export const creditEntries = pgTable(
  "credit_entries",
  {
    id: id(),
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    emailKey: text("email_key").notNull(),
    /** earned | spent | adjustment | refund */
    kind: text("kind").notNull(),
    amountCents: integer("amount_cents").notNull(),
    /** The points an `earned` entry converted. */
    points: integer("points").notNull().default(0),
    note: text("note").notNull().default(""),
    orderId: text("order_id").references(() => orders.id),
    recordedByUserId: text("recorded_by_user_id").references(() => users.id),
    /** `earned:<orderId>`, `spent:<orderId>`, `refund:<orderId>`: an order moves credit once per kind. */
    entryKey: text("entry_key").unique(),
    occurredAt: instant("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("credit_entries_customer_idx").on(t.distributorId, t.emailKey, t.occurredAt),
    check("credit_entries_kind_check", sql`${t.kind} in ('earned', 'spent', 'adjustment', 'refund')`),
    check("credit_entries_amount_check", sql`${t.amountCents} <> 0`),
  ],
);
