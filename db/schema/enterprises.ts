// Enterprises, who manages them, and the permissions they grant each other.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";

export const enterprises = pgTable(
  "enterprises",
  {
    id: id(),
    name: text("name").notNull(),
    /** producer | hub | profile */
    kind: text("kind").notNull(),
    /** A producer that also runs a shop of its own products ("producer shop"). */
    sellsOwnProducts: boolean("sells_own_products").notNull().default(false),
    /** A hub that also grows or makes products ("producer hub"); always true for producers. */
    isProducer: boolean("is_producer").notNull().default(false),
    email: text("email").notNull(),
    locale: text("locale").notNull().default("en"),
    timeZone: text("time_zone").notNull().default("UTC"),
    address: text("address").notNull().default(""),
    description: text("description").notNull().default(""),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    /** closes_at | opens_at: how the shop orders simultaneous open cycles. */
    orderCyclesSortedBy: text("order_cycles_sorted_by").notNull().default("closes_at"),
    suppliersSeeBuyerNames: boolean("suppliers_see_buyer_names").notNull().default(false),
    /** Days before the ready date on which buyers are reminded of their pickup (1, 3, 7); empty: none (decision 0054). */
    pickupReminderDays: integer("pickup_reminder_days")
      .array()
      .notNull()
      .default(sql`'{1}'::integer[]`),
    /** Email consenting customers when one of its cycles opens (docs/domain.md 13, decision 0053). */
    announceOpenCycles: boolean("announce_open_cycles").notNull().default(false),
    /** Hours before a close that a buyer with a cart not checked out is reminded; null: never. */
    closingReminderHours: integer("closing_reminder_hours").default(24),
    /** The seller on its invoices (docs/domain.md 10): empty until the distributor fills it in. */
    legalName: text("legal_name").notNull().default(""),
    companyNumber: text("company_number").notNull().default(""),
    vatNumber: text("vat_number").notNull().default(""),
    /** Starts every invoice number: `<prefix>-<year>-<000001>`. */
    invoicePrefix: text("invoice_prefix").notNull().default(""),
    /** Issue an invoice for every placed order of its shop when a cycle closes. */
    invoiceAtClose: boolean("invoice_at_close").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("enterprises_kind_check", sql`${t.kind} in ('producer', 'hub', 'profile')`),
    check("enterprises_sort_check", sql`${t.orderCyclesSortedBy} in ('closes_at', 'opens_at')`),
    check("enterprises_locale_check", sql`${t.locale} in ('en', 'fr')`),
    check("enterprises_pickup_reminder_days_check", sql`${t.pickupReminderDays} <@ '{1,3,7}'::integer[]`),
    check("enterprises_closing_reminder_hours_check", sql`${t.closingReminderHours} between 1 and 168`),
    check("enterprises_invoice_prefix_check", sql`${t.invoicePrefix} ~ '^[A-Za-z0-9-]{0,10}$'`),
  ],
);

export const enterpriseManagers = pgTable(
  "enterprise_managers",
  {
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.userId] }), index("enterprise_managers_user_idx").on(t.userId)],
);

/** An invitation to manage an enterprise sent to an email with no account yet. */
export const managerInvitations = pgTable(
  "manager_invitations",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    invitedById: text("invited_by_id")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("manager_invitations_unique_idx").on(t.enterpriseId, sql`lower(${t.email})`)],
);

export const enterprisePermissions = pgTable(
  "enterprise_permissions",
  {
    grantorId: text("grantor_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    granteeId: text("grantee_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    /** add_to_order_cycle | manage_products | edit_profile */
    permission: text("permission").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.grantorId, t.granteeId, t.permission] }),
    index("enterprise_permissions_grantee_idx").on(t.granteeId, t.permission),
    check("enterprise_permissions_permission_check", sql`${t.permission} in ('add_to_order_cycle', 'manage_products', 'edit_profile')`),
    check("enterprise_permissions_not_self_check", sql`${t.grantorId} <> ${t.granteeId}`),
  ],
);
