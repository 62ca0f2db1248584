// Orders placed in a distributor's shop for one order cycle, and their lines.
import { sql } from "drizzle-orm";
import { bigserial, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { variants } from "./catalogue";
import { enterprises } from "./enterprises";
import { paymentMethods, shippingMethods } from "./methods";
import { orderCycles } from "./order-cycles";
import { promoCodes } from "./promotions";

export const orders = pgTable(
  "orders",
  {
    id: id(),
    number: bigserial("number", { mode: "number" }).notNull().unique(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id),
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id),
    buyerId: text("buyer_id").references(() => users.id),
    email: text("email").notNull(),
    buyerName: text("buyer_name").notNull().default(""),
    /** cart | placed | cancelled */
    state: text("state").notNull().default("cart"),
    shippingMethodId: text("shipping_method_id").references(() => shippingMethods.id),
    paymentMethodId: text("payment_method_id").references(() => paymentMethods.id),
    deliveryAddress: text("delivery_address").notNull().default(""),
    locale: text("locale").notNull().default("en"),
    /** A guest's cart is found by this random token (stored hashed in the cookie's stead). */
    guestTokenHash: text("guest_token_hash"),
    phone: text("phone").notNull().default(""),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    itemsTotalCents: integer("items_total_cents").notNull().default(0),
    feesTotalCents: integer("fees_total_cents").notNull().default(0),
    /** Off the items by the order's promo code (positive; its adjustment rows hold it negated): total = items + fees - discount. */
    discountCents: integer("discount_cents").notNull().default(0),
    totalCents: integer("total_cents").notNull().default(0),
    /** The promo code the order holds (one per order, decision 0051); its use is given back when the order is cancelled. */
    promoCodeId: text("promo_code_id").references(() => promoCodes.id),
    placedAt: instant("placed_at"),
    cancelledAt: instant("cancelled_at"),
    /** pending | collected | no_show: what happened on pickup day (docs/domain.md 11), beside `state`. */
    fulfilmentState: text("fulfilment_state").notNull().default("pending"),
    /** When and by whom the fulfilment state last changed (collected, undone, no-show). */
    fulfilmentChangedAt: instant("fulfilment_changed_at"),
    fulfilmentChangedByUserId: text("fulfilment_changed_by_user_id").references(() => users.id),
    /** Set while the order is collected: when it was handed over and by whom. */
    collectedAt: instant("collected_at"),
    collectedByUserId: text("collected_by_user_id").references(() => users.id),
    /** Another system's id for it, unique within the distributor (decision 0044). */
    externalId: text("external_id"),
    /**
     * Who typed it in for the customer (a phone or paper order, docs/domain.md 12, decision 0048):
     * the manager and the enterprise they acted for; null when the buyer placed it themself.
     */
    enteredByUserId: text("entered_by_user_id").references(() => users.id),
    enteredByEnterpriseId: text("entered_by_enterprise_id").references(() => enterprises.id),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("orders_external_id_idx")
      .on(t.distributorId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // The orders feed: newest change first, per cycle (decision 0044), read backwards, which gives
    // `desc` with nulls first, the order it asks for (a `desc nulls last` index would not serve it).
    index("orders_feed_idx").on(t.orderCycleId, t.updatedAt, t.id),
    index("orders_cycle_idx").on(t.orderCycleId, t.state),
    // The hub's orders list pages through a cycle's orders by number (decision 0040).
    index("orders_cycle_number_idx").on(t.orderCycleId, t.number),
    index("orders_distributor_idx").on(t.distributorId, t.orderCycleId),
    index("orders_buyer_idx").on(t.buyerId),
    index("orders_guest_idx").on(t.guestTokenHash),
    uniqueIndex("orders_payment_intent_idx").on(t.stripePaymentIntentId),
    // One open cart per buyer (or guest) and distributor: two first adds at once cannot make two.
    uniqueIndex("orders_one_cart_per_buyer_idx")
      .on(t.distributorId, t.buyerId)
      .where(sql`${t.state} = 'cart' and ${t.buyerId} is not null`),
    uniqueIndex("orders_one_cart_per_guest_idx")
      .on(t.distributorId, t.guestTokenHash)
      .where(sql`${t.state} = 'cart' and ${t.guestTokenHash} is not null`),
    check("orders_state_check", sql`${t.state} in ('cart', 'placed', 'cancelled')`),
    check("orders_fulfilment_state_check", sql`${t.fulfilmentState} in ('pending', 'collected', 'no_show')`),
    // The check-in page lists one pickup point's orders of a cycle.
    index("orders_pickup_idx").on(t.orderCycleId, t.distributorId, t.shippingMethodId),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    totalCents: integer("total_cents").notNull(),
    /** Snapshots at ordering time, so emails and reports keep the numbers the buyer saw. */
    supplierId: text("supplier_id").references(() => enterprises.id),
    supplierPriceCents: integer("supplier_price_cents").notNull().default(0),
    productName: text("product_name").notNull().default(""),
    variantName: text("variant_name").notNull().default(""),
    /** The case size the line was sold by, so a minimum counted in cases stays what it was when a variant's size changes (decision 0059). */
    unitsPerCase: integer("units_per_case").notNull().default(1),
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull().default(0),
    /** The per-item fees in the unit price: [{feeId, name, feeType, enterpriseName, place, amountCents, taxRateBasisPoints}]. */
    fees: jsonb("fees").notNull().$type<Record<string, unknown>[]>().default([]),
    /** The whole line's weighed weight, for a variant sold by weight; null until weighed (priced at the nominal weight). */
    actualWeightGrams: integer("actual_weight_grams"),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    index("order_lines_variant_idx").on(t.variantId),
    index("order_lines_supplier_idx").on(t.supplierId),
    check("order_lines_quantity_check", sql`${t.quantity} > 0`),
    check("order_lines_units_per_case_check", sql`${t.unitsPerCase} >= 1`),
    check("order_lines_actual_weight_check", sql`${t.actualWeightGrams} is null or ${t.actualWeightGrams} > 0`),
  ],
);

/**
 * An order's history: one row per line changed by an adjustment (docs/domain.md 8), who and when,
 * the line and the order's total before and after. `notifiedAt` is set when the buyer's batched
 * "your order was adjusted" email took the row (null: not told yet).
 */
export const orderChanges = pgTable(
  "order_changes",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    changedAt: instant("changed_at").notNull(),
    /** The order the changes were committed in: two managers' changes in the same instant still read in turn. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    actorEnterpriseId: text("actor_enterprise_id").references(() => enterprises.id),
    /** buyer | staff | producer */
    source: text("source").notNull(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    productName: text("product_name").notNull(),
    variantName: text("variant_name").notNull(),
    beforeQuantity: integer("before_quantity").notNull(),
    afterQuantity: integer("after_quantity").notNull(),
    beforeActualWeightGrams: integer("before_actual_weight_grams"),
    afterActualWeightGrams: integer("after_actual_weight_grams"),
    beforeTotalCents: integer("before_total_cents").notNull(),
    afterTotalCents: integer("after_total_cents").notNull(),
    note: text("note").notNull().default(""),
    notifiedAt: instant("notified_at"),
  },
  (t) => [
    index("order_changes_order_idx").on(t.orderId, t.seq),
    index("order_changes_unnotified_idx")
      .on(t.orderId)
      .where(sql`${t.notifiedAt} is null`),
    check("order_changes_source_check", sql`${t.source} in ('buyer', 'staff', 'producer')`),
    check("order_changes_quantity_check", sql`${t.beforeQuantity} >= 0 and ${t.afterQuantity} >= 0`),
  ],
);

/**
 * An order's pickup-day history (docs/domain.md 11): one row per change of its fulfilment state,
 * who and when. Apart from order_changes, whose rows are line changes the buyer is emailed about.
 */
export const orderFulfilmentChanges = pgTable(
  "order_fulfilment_changes",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    changedAt: instant("changed_at").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
  },
  (t) => [
    index("order_fulfilment_changes_order_idx").on(t.orderId, t.seq),
    check(
      "order_fulfilment_changes_states_check",
      sql`${t.fromState} in ('pending', 'collected', 'no_show') and ${t.toState} in ('pending', 'collected', 'no_show')`,
    ),
  ],
);

/**
 * The pickup reminders sent for an order, one row per ready date and offset (days before it): the
 * key that makes each reminder go out exactly once, written with its outbox email (decision 0054).
 */
export const pickupReminders = pgTable(
  "pickup_reminders",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** The ready date the reminder told: a date moved later is a new pickup, reminded again. */
    readyOn: date("ready_on", { mode: "string" }).notNull(),
    daysBefore: integer("days_before").notNull(),
    outboxEmailId: text("outbox_email_id"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.readyOn, t.daysBefore] })],
);
