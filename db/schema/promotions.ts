// Promo codes (docs/domain.md 13, decision 0051): owned by a distributor or a cycle's coordinator,
// percent or amount off an order's items, with the counters that keep their uses exact.
import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";

export const promoCodes = pgTable(
  "promo_codes",
  {
    id: id(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    /** As typed by its manager; matched case-insensitively (unique per owner). */
    code: text("code").notNull(),
    /** percent | amount */
    kind: text("kind").notNull(),
    /** Hundredths of a percent (10 % = 1000), for kind percent. */
    percentBasisPoints: integer("percent_basis_points"),
    /** For kind amount: off the items, never below zero. */
    amountCents: integer("amount_cents"),
    minSubtotalCents: integer("min_subtotal_cents"),
    startsAt: instant("starts_at"),
    endsAt: instant("ends_at"),
    maxUses: integer("max_uses"),
    maxUsesPerCustomer: integer("max_uses_per_customer"),
    /** Placed orders holding it: the counter whose conditional update is the check against maxUses. */
    uses: integer("uses").notNull().default(0),
    /** Empty: every cycle of its owner. */
    orderCycleIds: text("order_cycle_ids")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Empty: every customer; otherwise customers with one of these tags. */
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("promo_codes_owner_code_idx").on(t.ownerId, sql`lower(${t.code})`),
    check("promo_codes_kind_check", sql`${t.kind} in ('percent', 'amount')`),
    check(
      "promo_codes_value_check",
      sql`(${t.kind} = 'percent' and ${t.percentBasisPoints} between 1 and 10000 and ${t.amountCents} is null)
        or (${t.kind} = 'amount' and ${t.amountCents} > 0 and ${t.percentBasisPoints} is null)`,
    ),
    check("promo_codes_uses_check", sql`${t.uses} >= 0 and (${t.maxUses} is null or ${t.uses} <= ${t.maxUses})`),
  ],
);

/** A customer's uses of a code (by email, lower case, so a guest counts too): the per-customer counter. */
export const promoCodeCustomerUses = pgTable(
  "promo_code_customer_uses",
  {
    promoCodeId: text("promo_code_id")
      .notNull()
      .references(() => promoCodes.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    uses: integer("uses").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.promoCodeId, t.email] })],
);
