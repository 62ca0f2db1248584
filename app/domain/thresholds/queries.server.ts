// A cycle's thresholds with what placed orders count towards each, in one query whatever the number
// of thresholds, orders or cycles (the list page asks for many cycles at once). The sums are the
// SQL of ./rules lineValue: integers all the way, so cents are exact.
import { sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { thresholdProgress, type ThresholdMeasure, type ThresholdOutcome, type ThresholdPolicy, type ThresholdScope } from "./rules";

export type ThresholdView = {
  id: string;
  orderCycleId: string;
  scope: ThresholdScope;
  supplierId: string | null;
  distributorId: string | null;
  shippingMethodId: string | null;
  /** Who or what it is about: the supplier's, the pickup point's or the cycle's name. */
  label: string;
  /** The pickup point's distributor, for a pickup point's threshold. */
  distributorName: string | null;
  measure: ThresholdMeasure;
  minimum: number;
  policy: ThresholdPolicy;
  extendDays: number | null;
  currentValue: number;
  reached: boolean;
  remaining: number;
  percent: number;
  outcome: ThresholdOutcome | null;
  valueAtClose: number | null;
  appliedAt: Date | null;
  extendedOnce: boolean;
};

type Row = {
  id: string;
  order_cycle_id: string;
  scope: ThresholdScope;
  supplier_id: string | null;
  distributor_id: string | null;
  shipping_method_id: string | null;
  label: string | null;
  distributor_name: string | null;
  measure: ThresholdMeasure;
  minimum: number;
  policy: ThresholdPolicy;
  extend_days: number | null;
  current_value: string | number;
  outcome: ThresholdOutcome | null;
  value_at_close: number | null;
  applied_at: Date | string | null;
  extended_once: boolean;
};

/**
 * The thresholds of these cycles, oldest first, each with its current value over placed orders
 * (carts and cancelled orders left out). With `distributorId`, only what that shop's buyers see:
 * the cycle's and the suppliers' minimums and its own pickup points'.
 */
export async function thresholdsOfCycles(cycleIds: readonly string[], options: { db?: Executor; distributorId?: string } = {}): Promise<ThresholdView[]> {
  if (cycleIds.length === 0) return [];
  const db = options.db ?? getDb();
  const ids = sql.join(
    cycleIds.map((cycleId) => sql`${cycleId}`),
    sql`, `,
  );
  const forShop = options.distributorId ? sql`and (t.scope <> 'shipping_method' or t.distributor_id = ${options.distributorId})` : sql``;
  const rows = await db.execute<Row>(sql`
    select t.id, t.order_cycle_id, t.scope, t.supplier_id, t.distributor_id, t.shipping_method_id, t.measure, t.minimum,
           t.policy, t.extend_days, t.outcome, t.value_at_close, t.applied_at, t.extended_once,
           case t.scope when 'supplier' then s.name when 'shipping_method' then m.name else c.name end as label,
           d.name as distributor_name,
           coalesce(v.value, 0)::bigint as current_value
    from order_cycle_thresholds t
    join order_cycles c on c.id = t.order_cycle_id
    left join enterprises s on s.id = t.supplier_id
    left join enterprises d on d.id = t.distributor_id
    left join shipping_methods m on m.id = t.shipping_method_id
    left join lateral (
      select case
               when t.measure = 'units' then sum(ol.quantity)
               when t.measure = 'cases' then sum(ol.quantity / ol.units_per_case)
               when t.scope = 'supplier' then sum(ol.quantity::bigint * ol.supplier_price_cents)
               else sum(ol.total_cents)
             end as value
      from orders o join order_lines ol on ol.order_id = o.id
      where o.order_cycle_id = t.order_cycle_id and o.state = 'placed'
        and (t.scope <> 'supplier' or ol.supplier_id = t.supplier_id)
        and (t.scope <> 'shipping_method' or (o.distributor_id = t.distributor_id and o.shipping_method_id = t.shipping_method_id))
    ) v on true
    where t.order_cycle_id in (${ids}) ${forShop}
    order by t.created_at, t.id`);
  return rows.map((row) => {
    const currentValue = Number(row.current_value);
    const minimum = Number(row.minimum);
    return {
      id: row.id,
      orderCycleId: row.order_cycle_id,
      scope: row.scope,
      supplierId: row.supplier_id,
      distributorId: row.distributor_id,
      shippingMethodId: row.shipping_method_id,
      label: row.label ?? "",
      distributorName: row.distributor_name,
      measure: row.measure,
      minimum,
      policy: row.policy,
      extendDays: row.extend_days === null ? null : Number(row.extend_days),
      ...thresholdProgress(minimum, currentValue),
      outcome: row.outcome,
      valueAtClose: row.value_at_close === null ? null : Number(row.value_at_close),
      appliedAt: row.applied_at ? new Date(row.applied_at) : null,
      extendedOnce: Boolean(row.extended_once),
    };
  });
}

/** The JSON of GET /order-cycles/:id/thresholds (the coordinator's and the cycle's managers' view). */
export function thresholdJson(view: ThresholdView) {
  return {
    id: view.id,
    scope: view.scope,
    supplierId: view.supplierId,
    distributorId: view.distributorId,
    shippingMethodId: view.shippingMethodId,
    label: view.label,
    measure: view.measure,
    minimum: view.minimum,
    policy: view.policy,
    extendDays: view.extendDays,
    currentValue: view.currentValue,
    reached: view.reached,
    outcome: view.outcome,
    valueAtClose: view.valueAtClose,
    appliedAt: view.appliedAt?.toISOString() ?? null,
  };
}

/** What a shop's buyers see of a threshold (GET /shops/:distributorId/order-cycles). */
export function publicThresholdJson(view: ThresholdView) {
  return { scope: view.scope, label: view.label, measure: view.measure, minimum: view.minimum, currentValue: view.currentValue, reached: view.reached };
}
