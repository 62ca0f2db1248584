// The buying side: a distributor's customers (with tags), order adjustments, and payment events.
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { enterprises } from "./enterprises";
import { enterpriseFees } from "./fees";
import { orders } from "./orders";

export const customers = pgTable(
  "customers",
  {
    id: id(),
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    phone: text("phone").notNull().default(""),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Another system's id for them, unique within the distributor (decision 0044). */
    externalId: text("external_id"),
    /** When they agreed to marketing email, and where (checkout, import, the hub): null when they have not (docs/domain.md 13). */
    marketingConsentAt: instant("marketing_consent_at"),
    marketingConsentSource: text("marketing_consent_source"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customers_distributor_email_idx").on(t.distributorId, sql`lower(${t.email})`),
    index("customers_user_idx").on(t.userId),
    uniqueIndex("customers_external_id_idx")
      .on(t.distributorId, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);

/** Per-order fees of an order, as charged. */
export const orderAdjustments = pgTable(
  "order_adjustments",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    feeId: text("fee_id").references(() => enterpriseFees.id),
    label: text("label").notNull(),
    enterpriseName: text("enterprise_name").notNull(),
    feeType: text("fee_type").notNull(),
    /** coordinator | incoming | outgoing | shipping | promo (a promo code's discount, negative, decision 0051) */
    place: text("place").notNull(),
    /** incoming: the supplier whose items the fee covers (a snapshot, like the label); empty otherwise. */
    supplierName: text("supplier_name").notNull().default(""),
    amountCents: integer("amount_cents").notNull(),
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull().default(0),
  },
  (t) => [index("order_adjustments_order_idx").on(t.orderId)],
);

/** Stripe events already applied: a replayed event is a no-op. */
export const paymentEvents = pgTable("payment_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  orderId: text("order_id"),
  receivedAt: createdAt(),
});
