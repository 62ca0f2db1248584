// Minimum thresholds ("franco") of a cycle (docs/domain.md 12): on the whole cycle, on a
// supplier's incoming exchange or on one pickup point (shipping method) of an outgoing exchange,
// measured in cents, in units or in whole cases, and the policy applied when the cycle closes (decision 0049).
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";
import { shippingMethods } from "./methods";
import { orderCycles } from "./order-cycles";

export const orderCycleThresholds = pgTable(
  "order_cycle_thresholds",
  {
    id: id(),
    orderCycleId: text("order_cycle_id")
      .notNull()
      .references(() => orderCycles.id, { onDelete: "cascade" }),
    /** cycle | supplier | shipping_method */
    scope: text("scope").notNull(),
    supplierId: text("supplier_id").references(() => enterprises.id),
    distributorId: text("distributor_id").references(() => enterprises.id),
    shippingMethodId: text("shipping_method_id").references(() => shippingMethods.id),
    /** amount (cents: supplier prices for a supplier, shop prices otherwise) | units | cases (whole cases of each line) */
    measure: text("measure").notNull(),
    minimum: integer("minimum").notNull(),
    /** proceed | cancel | extend */
    policy: text("policy").notNull(),
    extendDays: integer("extend_days"),
    /** Set when the close applied the policy: reached | proceeded | cancelled | extended (an extension alone leaves it extended until the next close). */
    outcome: text("outcome"),
    /** The value counted at the close that decided the outcome. */
    valueAtClose: integer("value_at_close"),
    appliedAt: instant("applied_at"),
    /** The close was moved once for it (a second shortfall cancels). */
    extendedOnce: boolean("extended_once").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("order_cycle_thresholds_cycle_idx").on(t.orderCycleId),
    check("order_cycle_thresholds_scope_check", sql`${t.scope} in ('cycle', 'supplier', 'shipping_method')`),
    check(
      "order_cycle_thresholds_scope_ids_check",
      sql`(${t.scope} = 'cycle' and ${t.supplierId} is null and ${t.distributorId} is null and ${t.shippingMethodId} is null)
        or (${t.scope} = 'supplier' and ${t.supplierId} is not null and ${t.distributorId} is null and ${t.shippingMethodId} is null)
        or (${t.scope} = 'shipping_method' and ${t.supplierId} is null and ${t.distributorId} is not null and ${t.shippingMethodId} is not null)`,
    ),
    check("order_cycle_thresholds_measure_check", sql`${t.measure} in ('amount', 'units', 'cases')`),
    check("order_cycle_thresholds_minimum_check", sql`${t.minimum} > 0`),
    check("order_cycle_thresholds_policy_check", sql`${t.policy} in ('proceed', 'cancel', 'extend')`),
    check(
      "order_cycle_thresholds_extend_check",
      sql`(${t.policy} = 'extend' and ${t.extendDays} between 1 and 30) or (${t.policy} <> 'extend' and ${t.extendDays} is null)`,
    ),
    check("order_cycle_thresholds_outcome_check", sql`${t.outcome} is null or ${t.outcome} in ('reached', 'proceeded', 'cancelled', 'extended')`),
  ],
);
