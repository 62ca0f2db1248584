// Enterprise fees: a named calculator owned by an enterprise, attached to cycles later.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";

export const enterpriseFees = pgTable(
  "enterprise_fees",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    name: text("name").notNull(),
    /** admin | packing | transport | fundraising | sales */
    feeType: text("fee_type").notNull(),
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull().default(0),
    /** Only per-item calculators may follow the product's tax rate. */
    taxFollowsProduct: boolean("tax_follows_product").notNull().default(false),
    /** flat_rate | per_item | percent | flexible | price_sack | weight */
    calculatorType: text("calculator_type").notNull(),
    calculatorParams: jsonb("calculator_params").notNull().$type<Record<string, number>>(),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("enterprise_fees_enterprise_idx").on(t.enterpriseId),
    check("enterprise_fees_type_check", sql`${t.feeType} in ('admin', 'packing', 'transport', 'fundraising', 'sales')`),
    check("enterprise_fees_calculator_check", sql`${t.calculatorType} in ('flat_rate', 'per_item', 'percent', 'flexible', 'price_sack', 'weight')`),
    check("enterprise_fees_tax_check", sql`${t.taxRateBasisPoints} between 0 and 10000`),
  ],
);
