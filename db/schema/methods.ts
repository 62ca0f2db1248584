// Shipping methods (pickup points, delivery) and payment methods of an enterprise.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";

export const shippingMethods = pgTable(
  "shipping_methods",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    name: text("name").notNull(),
    /** pickup | delivery */
    kind: text("kind").notNull(),
    address: text("address").notNull().default(""),
    openingHours: text("opening_hours").notNull().default(""),
    description: text("description").notNull().default(""),
    feeCents: integer("fee_cents").notNull().default(0),
    /** The tax included in the fee, in basis points (2000 = 20 %), as a fee's. */
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull().default(0),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("shipping_methods_enterprise_idx").on(t.enterpriseId),
    check("shipping_methods_kind_check", sql`${t.kind} in ('pickup', 'delivery')`),
    check("shipping_methods_fee_check", sql`${t.feeCents} >= 0`),
    check("shipping_methods_tax_check", sql`${t.taxRateBasisPoints} between 0 and 10000`),
  ],
);

export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    name: text("name").notNull(),
    /** cash | bank_transfer | stripe */
    kind: text("kind").notNull(),
    instructions: text("instructions").notNull().default(""),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("payment_methods_enterprise_idx").on(t.enterpriseId),
    check("payment_methods_kind_check", sql`${t.kind} in ('cash', 'bank_transfer', 'stripe')`),
  ],
);
