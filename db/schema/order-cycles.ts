// Order cycles: the ordering window, its coordinator fees, incoming and outgoing exchanges, history.
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { users } from "./accounts";
import { variants } from "./catalogue";
import { enterprises } from "./enterprises";
import { enterpriseFees } from "./fees";
import { paymentMethods, shippingMethods } from "./methods";

export const orderCycles = pgTable(
  "order_cycles",
  {
    id: id(),
    name: text("name").notNull(),
    coordinatorId: text("coordinator_id")
      .notNull()
      .references(() => enterprises.id),
    opensAt: instant("opens_at"),
    closesAt: instant("closes_at"),
    automaticNotifications: boolean("automatic_notifications").notNull().default(false),
    /** The last time producers were notified (automatically or by hand). */
    notifiedAt: instant("notified_at"),
    /** The closes_at this cycle was last processed for: a reopened cycle is processed again at its new close. */
    processedClosesAt: instant("processed_closes_at"),
    /** The opens_at other systems were last told of (`order_cycle.opened`): an opening moved later is told again. */
    announcedOpensAt: instant("announced_opens_at"),
    /** Another system's id for it, unique within the coordinator (decision 0044). */
    externalId: text("external_id"),
    /** The series of repeats this cycle belongs to, shared by the cycle first repeated and its copies; null: never repeated (docs/domain.md 15). */
    seriesId: text("series_id"),
    /** Its place in the series: 0 for the first, n for the n-th interval after it. */
    seriesIndex: integer("series_index"),
    /** At most this many placed orders in the cycle (docs/domain.md 12); null: no cap. */
    maxOrders: integer("max_orders"),
    /** The cycle's placed orders, counted while `max_orders` is set (0 otherwise): the counter the cap is taken from (decision 0046). */
    placedOrders: integer("placed_orders").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("order_cycles_max_orders_check", sql`${t.maxOrders} is null or ${t.maxOrders} > 0`),
    index("order_cycles_coordinator_idx").on(t.coordinatorId),
    uniqueIndex("order_cycles_series_idx").on(t.seriesId, t.seriesIndex),
    uniqueIndex("order_cycles_external_id_idx")
      .on(t.coordinatorId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index("order_cycles_closes_at_idx").on(t.closesAt),
    check("order_cycles_dates_check", sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.closesAt} > ${t.opensAt}`),
  ],
);

export const orderCycleCoordinatorFees = pgTable(
  "order_cycle_coordinator_fees",
  {
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    feeId: text("fee_id")
      .notNull()
      .references(() => enterpriseFees.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orderCycleId, t.feeId] })],
);

export const incomingExchanges = pgTable(
  "incoming_exchanges",
  {
    id: id(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => enterprises.id),
    receivalInstructions: text("receival_instructions").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("incoming_exchanges_unique_idx").on(t.orderCycleId, t.supplierId), index("incoming_exchanges_supplier_idx").on(t.supplierId)],
);

export const incomingExchangeVariants = pgTable(
  "incoming_exchange_variants",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => incomingExchanges.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    /** At most this many units per buyer in the cycle (docs/domain.md 12); null: no limit. */
    maxPerBuyer: integer("max_per_buyer"),
  },
  (t) => [
    primaryKey({ columns: [t.exchangeId, t.variantId] }),
    check("incoming_exchange_variants_max_per_buyer_check", sql`${t.maxPerBuyer} is null or ${t.maxPerBuyer} > 0`),
  ],
);

export const incomingExchangeFees = pgTable(
  "incoming_exchange_fees",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => incomingExchanges.id, { onDelete: "cascade" }),
    feeId: text("fee_id")
      .notNull()
      .references(() => enterpriseFees.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.feeId] })],
);

export const outgoingExchanges = pgTable(
  "outgoing_exchanges",
  {
    id: id(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    distributorId: text("distributor_id")
      .notNull()
      .references(() => enterprises.id),
    readyFor: text("ready_for").notNull().default(""),
    /** A structured ready date beside the free text, for buyer reminders. */
    readyOn: date("ready_on", { mode: "string" }),
    pickupInstructions: text("pickup_instructions").notNull().default(""),
    /** When each pickup point of this exchange opens for this cycle, by shipping method id; absent or empty: the method's opening hours. */
    pickupTimes: jsonb("pickup_times").notNull().$type<Record<string, string>>().default({}),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** `unlisted`: in no listing; the shop opens it only with its share key (docs/domain.md 12, decision 0047). */
    visibility: text("visibility").notNull().default("listed"),
    /** The secret of the share link (url-safe, 192 random bits), made when first unlisted; a new one replaces it, so the old link stops working. */
    shareKey: text("share_key"),
    /** The coordinator locked the offer: the distributor can no longer tick or untick variants. */
    variantsLocked: boolean("variants_locked").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outgoing_exchanges_unique_idx").on(t.orderCycleId, t.distributorId),
    index("outgoing_exchanges_distributor_idx").on(t.distributorId),
    uniqueIndex("outgoing_exchanges_share_key_idx").on(t.shareKey),
    check("outgoing_exchanges_visibility_check", sql`${t.visibility} in ('listed', 'unlisted')`),
  ],
);

export const outgoingExchangeVariants = pgTable(
  "outgoing_exchange_variants",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.variantId] })],
);

/**
 * Variants a distributor offered until their supplier unticked them in the incoming exchange:
 * ticking them in again puts them back in this distributor's list (and shop).
 */
export const outgoingExchangeSetAsideVariants = pgTable(
  "outgoing_exchange_set_aside_variants",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.variantId] })],
);

export const outgoingExchangeFees = pgTable(
  "outgoing_exchange_fees",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    feeId: text("fee_id")
      .notNull()
      .references(() => enterpriseFees.id),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.feeId] })],
);

export const outgoingExchangeShippingMethods = pgTable(
  "outgoing_exchange_shipping_methods",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    shippingMethodId: text("shipping_method_id")
      .notNull()
      .references(() => shippingMethods.id),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.shippingMethodId] })],
);

export const outgoingExchangePaymentMethods = pgTable(
  "outgoing_exchange_payment_methods",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    paymentMethodId: text("payment_method_id")
      .notNull()
      .references(() => paymentMethods.id),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.paymentMethodId] })],
);

/**
 * A pickup point's capacity in a cycle (docs/domain.md 12): at most `max_orders` placed orders of
 * this exchange with this shipping method. `placed_orders` is the counter orders take their place
 * from and give it back to, in their own transaction (decision 0046); a row exists only while capped.
 */
export const pickupPointCaps = pgTable(
  "pickup_point_caps",
  {
    exchangeId: text("exchange_id")
      .notNull()
      .references(() => outgoingExchanges.id, { onDelete: "cascade" }),
    shippingMethodId: text("shipping_method_id")
      .notNull()
      .references(() => shippingMethods.id),
    maxOrders: integer("max_orders").notNull(),
    placedOrders: integer("placed_orders").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.exchangeId, t.shippingMethodId] }), check("pickup_point_caps_max_orders_check", sql`${t.maxOrders} > 0`)],
);

/** Who changed what in a cycle, and when: shown to the coordinator. */
export const orderCycleHistory = pgTable(
  "order_cycle_history",
  {
    id: id(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    /** e.g. created, updated, supplier_added, incoming_updated, distributor_removed, notified, cloned_from */
    action: text("action").notNull(),
    details: jsonb("details").notNull().$type<Record<string, unknown>>().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("order_cycle_history_cycle_idx").on(t.orderCycleId, t.createdAt)],
);
