// After the close, per cycle and supplier: what the supplier was last told to bring (to send it
// only what changed later), which notification its confirmation link belongs to, and what the
// supplier said it will deliver (docs/domain.md section 8).
import { sql } from "drizzle-orm";
import { check, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { variants } from "./catalogue";
import { enterprises } from "./enterprises";
import { orderCycles } from "./order-cycles";

/** What a supplier must bring, per variant, as its last email (the purchase order or an amendment) said. */
export type SupplierSnapshot = {
  lines: { variantId: string; productName: string; variantName: string; quantity: number; totalCents: number }[];
  quantity: number;
  totalCents: number;
};

export const supplierNotices = pgTable(
  "supplier_notices",
  {
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => enterprises.id),
    /** Raised by every full notification (at the close, or by hand): a link signed for an older one is revoked. */
    generation: integer("generation").notNull().default(1),
    /** When the latest full notification was queued: its link is valid 30 days from then. */
    notifiedAt: instant("notified_at").notNull(),
    /** What the supplier was last told to bring (the notification, then each amendment). */
    snapshot: jsonb("snapshot").notNull().$type<SupplierSnapshot>(),
    snapshotAt: instant("snapshot_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderCycleId, t.supplierId] })],
);

export const supplierConfirmations = pgTable(
  "supplier_confirmations",
  {
    id: id(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => enterprises.id),
    /** confirmed (everything ordered will come) | short (something will not) */
    state: text("state").notNull(),
    note: text("note").notNull().default(""),
    confirmedAt: instant("confirmed_at").notNull(),
    /** Null when the supplier answered through its signed link (no login). */
    confirmedByUserId: text("confirmed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("supplier_confirmations_unique_idx").on(t.orderCycleId, t.supplierId),
    check("supplier_confirmations_state_check", sql`${t.state} in ('confirmed', 'short')`),
  ],
);

/** Per variant: what was ordered when the supplier first answered, and what it says it will deliver. */
export const supplierConfirmationLines = pgTable(
  "supplier_confirmation_lines",
  {
    confirmationId: text("confirmation_id")
      .notNull()
      .references(() => supplierConfirmations.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    orderedQuantity: integer("ordered_quantity").notNull(),
    deliverQuantity: integer("deliver_quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.confirmationId, t.variantId] }),
    check("supplier_confirmation_lines_quantities_check", sql`${t.deliverQuantity} >= 0 and ${t.deliverQuantity} <= ${t.orderedQuantity}`),
  ],
);
