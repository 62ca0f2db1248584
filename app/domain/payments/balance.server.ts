// The one SQL form of paymentFigures (./balance.ts) for lists, filters and reports: correlated
// subqueries over an order's payment records, keyed by an order id and total column.
import { sql, type SQL } from "drizzle-orm";
import type { PaymentState } from "./balance";

/** How the outer query names the order's id and total; always qualified (drizzle leaves a lone table's columns bare). */
type OrderRef = { id: SQL; totalCents: SQL };
const ordersTable: OrderRef = { id: sql.raw(`"orders"."id"`), totalCents: sql.raw(`"orders"."total_cents"`) };

const received = sql.raw(`case when pr_.kind = 'payment' and pr_.state in ('completed', 'refunded') then pr_.amount_cents else 0 end`);
const refunded = sql.raw(`case when pr_.kind = 'refund' and pr_.state in ('pending', 'completed') then pr_.amount_cents else 0 end`);

/** Paid so far: completed payments minus refunds (pending ones included). */
export function paidCentsSql(order: OrderRef = ordersTable): SQL<number> {
  return sql<number>`(select coalesce(sum(${received}) - sum(${refunded}), 0)::int from payments pr_ where pr_.order_id = ${order.id})`;
}

export function balanceCentsSql(order: OrderRef = ordersTable): SQL<number> {
  return sql<number>`(${order.totalCents} - ${paidCentsSql(order)})`;
}

/** The payment state, spelled as stateOf in ./balance.ts. */
export function paymentStateSql(order: OrderRef = ordersTable): SQL<PaymentState> {
  return sql<PaymentState>`(select case
      when f.paid <= 0 then case when f.refunded > 0 then 'refunded' when ${order.totalCents} <= 0 then 'paid' else 'unpaid' end
      when f.paid < ${order.totalCents} then 'partially_paid'
      when f.paid = ${order.totalCents} then 'paid'
      else 'overpaid' end
    from (select coalesce(sum(${received}) - sum(${refunded}), 0) as paid, coalesce(sum(${refunded}), 0) as refunded
          from payments pr_ where pr_.order_id = ${order.id}) f)`;
}

/**
 * The paid figure of many orders at once, as a table to join on (order_id, paid_cents): one pass
 * over their payments rather than a subquery per order. `orderIds` is a query of the order ids it
 * covers; an order without payments has no row (it has paid 0).
 */
export function paidCentsByOrderSql(orderIds: SQL): SQL {
  return sql`(select pr_.order_id, (coalesce(sum(${received}) - sum(${refunded}), 0))::int as paid_cents
    from payments pr_ where pr_.order_id in (${orderIds}) group by pr_.order_id)`;
}

/** Raw aliases for hand-written report SQL: `paidCentsSql(orderAlias("o"))`. */
export function orderAlias(alias: string): OrderRef {
  return { id: sql.raw(`${alias}.id`), totalCents: sql.raw(`${alias}.total_cents`) };
}
