// Loads a cycle's reports for one viewer, each in one aggregate query whatever the number of
// orders. What a viewer sees follows docs/domain.md section 3: the coordinator everything; a supplier
// the lines of its own products (buyer names only if the coordinator allows); a distributor the
// orders placed in its own shop, with buyer names.
import { cycleForActor } from "#app/domain/access/cycle.server";
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { includedTax } from "#app/domain/fees/pricing";
import { balanceCentsSql, orderAlias, paidCentsSql, paymentStateSql } from "#app/domain/payments/balance.server";

import { getDb } from "#db/connection.server";
import { columnsFor, reportNames, totalsOf, type Report, type ReportName, type Row } from "./definitions";
import { statementRows } from "./statement";
import type { StatementHeading } from "./statement-pdf.server";
import { formatDate } from "#app/i18n/format";
import type { Locale } from "#app/i18n/config";

export type ReportFilters = { distributorId?: string; supplierId?: string; shippingMethodId?: string };

export type ReportScope = {
  cycleId: string;
  coordinator: boolean;
  supplierIds: string[];
  distributorIds: string[];
  suppliersSeeBuyerNames: boolean;
};

/** The viewer's part in the cycle; 404 when they have none. */
export async function reportScope(actor: Actor, cycleId: string): Promise<ReportScope> {
  const { cycle, roles } = await cycleForActor(actor, cycleId);
  const [coordinator] = await getDb().execute<{ allowed: boolean }>(
    sql`select suppliers_see_buyer_names as allowed from enterprises where id = ${cycle.coordinatorId}`,
  );
  return {
    cycleId,
    coordinator: roles.coordinator,
    supplierIds: roles.suppliers,
    distributorIds: roles.distributors,
    suppliersSeeBuyerNames: Boolean(coordinator?.allowed),
  };
}

/** Which reports a viewer may open: order-level ones need the coordinator or a distributor. */
export function reportsFor(scope: ReportScope): ReportName[] {
  const orderLevel = scope.coordinator || scope.distributorIds.length > 0;
  // The statement is the coordinator's settlement with each supplier: theirs to read, and each supplier's own.
  const settles = scope.coordinator || scope.supplierIds.length > 0;
  return reportNames.filter((name) => {
    if (name === "distributor-totals" || name === "payments" || name === "discounts") return orderLevel;
    if (name === "supplier-statement") return settles;
    return true;
  });
}

const inList = (column: SQL, ids: readonly string[]) =>
  ids.length
    ? sql`${column} in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`false`;

/** Lines the viewer may see: all for the coordinator, else its products' lines and its shop's orders. */
function lineVisibility(scope: ReportScope): SQL {
  if (scope.coordinator) return sql`true`;
  return sql`(${inList(sql`ol.supplier_id`, scope.supplierIds)} or ${inList(sql`o.distributor_id`, scope.distributorIds)})`;
}

function orderVisibility(scope: ReportScope): SQL {
  return scope.coordinator ? sql`true` : inList(sql`o.distributor_id`, scope.distributorIds);
}

/**
 * Who bought, as the viewer may see it: the coordinator and the order's own shop see the name (or
 * the email when none was given); a supplier sees the name only, and only when the coordinator's
 * shop preference allows it. Never a buyer's email to a supplier.
 */
function buyerColumn(scope: ReportScope): SQL {
  const nameOrEmail = sql`coalesce(nullif(o.buyer_name, ''), o.email)`;
  if (scope.coordinator) return nameOrEmail;
  const ownShop = inList(sql`o.distributor_id`, scope.distributorIds);
  return sql`case when ${ownShop} then ${nameOrEmail} else ${scope.suppliersSeeBuyerNames ? sql`nullif(o.buyer_name, '')` : sql`null`} end`;
}

/** A buyer's phone, email or delivery address: the coordinator's and the order's own shop's to see, nobody else's. */
function contactColumn(scope: ReportScope, column: SQL): SQL {
  const value = sql`nullif(${column}, '')`;
  if (scope.coordinator) return value;
  return sql`case when ${inList(sql`o.distributor_id`, scope.distributorIds)} then ${value} end`;
}

/** Whether the viewer may see any buyer's contact: suppliers alone never do. */
function seesContacts(scope: ReportScope): boolean {
  return scope.coordinator || scope.distributorIds.length > 0;
}

function orderFilters(filters: ReportFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.distributorId) parts.push(sql`o.distributor_id = ${filters.distributorId}`);
  if (filters.shippingMethodId) parts.push(sql`o.shipping_method_id = ${filters.shippingMethodId}`);
  return sql.join(parts, sql` and `);
}

function lineFilters(filters: ReportFilters): SQL {
  return filters.supplierId ? sql`${orderFilters(filters)} and ol.supplier_id = ${filters.supplierId}` : orderFilters(filters);
}

/** For order-level reports, a supplier filter keeps the orders holding that supplier's products. */
function orderSupplierFilter(filters: ReportFilters): SQL {
  return filters.supplierId ? sql`exists (select 1 from order_lines fl where fl.order_id = o.id and fl.supplier_id = ${filters.supplierId})` : sql`true`;
}

const num = (value: unknown) => Number(value ?? 0);
const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

async function rowsOf(name: ReportName, scope: ReportScope, filters: ReportFilters): Promise<Row[]> {
  const db = getDb();
  const placed = sql`o.order_cycle_id = ${scope.cycleId} and o.state = 'placed'`;
  switch (name) {
    case "supplier-totals":
    case "supplier-totals-by-distributor": {
      const byDistributor = name === "supplier-totals-by-distributor";
      const rows = await db.execute<Record<string, unknown>>(sql`
        select s.name as supplier, ${byDistributor ? sql`d.name` : sql`null`} as distributor, ol.product_name as product, ol.variant_name as variant,
               sum(ol.quantity)::int as quantity, sum(ol.quantity * ol.supplier_price_cents)::bigint as supplier_amount, sum(ol.total_cents)::bigint as sales
        from order_lines ol
        join orders o on o.id = ol.order_id
        join enterprises s on s.id = ol.supplier_id
        join enterprises d on d.id = o.distributor_id
        where ${placed} and ${lineVisibility(scope)} and ${lineFilters(filters)}
        group by s.id, s.name, ${byDistributor ? sql`d.id, d.name,` : sql``} ol.variant_id, ol.product_name, ol.variant_name
        order by lower(s.name), ${byDistributor ? sql`lower(d.name),` : sql``} lower(ol.product_name), lower(ol.variant_name)`);
      return rows.map((row) => ({
        supplier: String(row.supplier),
        ...(byDistributor ? { distributor: String(row.distributor) } : {}),
        product: String(row.product),
        variant: String(row.variant),
        quantity: num(row.quantity),
        supplierAmountCents: num(row.supplier_amount),
        salesCents: num(row.sales),
      }));
    }
    case "distributor-totals": {
      const rows = await db.execute<Record<string, unknown>>(sql`
        select d.name as distributor, count(*)::int as orders,
               coalesce(sum((select sum(l.quantity) from order_lines l where l.order_id = o.id)), 0)::int as items,
               sum(o.items_total_cents)::bigint as items_cents, sum(o.fees_total_cents)::bigint as fees_cents,
               sum(o.discount_cents)::bigint as discount_cents, sum(o.total_cents)::bigint as total_cents,
               coalesce(sum(${paidCentsSql(orderAlias("o"))}), 0)::bigint as paid_cents,
               coalesce(sum(${balanceCentsSql(orderAlias("o"))}), 0)::bigint as unpaid_cents
        from orders o join enterprises d on d.id = o.distributor_id
        where ${placed} and ${orderVisibility(scope)} and ${orderFilters(filters)} and ${orderSupplierFilter(filters)}
        group by d.id, d.name order by lower(d.name)`);
      return rows.map((row) => ({
        distributor: String(row.distributor),
        orders: num(row.orders),
        items: num(row.items),
        itemsCents: num(row.items_cents),
        feesCents: num(row.fees_cents),
        discountCents: num(row.discount_cents),
        totalCents: num(row.total_cents),
        paidCents: num(row.paid_cents),
        unpaidCents: num(row.unpaid_cents),
      }));
    }
    case "orders": {
      const rows = await db.execute<Record<string, unknown>>(sql`
        select coalesce(sm.name, '') as pickup,
               ${buyerColumn(scope)} as buyer,
               ${contactColumn(scope, sql`o.phone`)} as phone, ${contactColumn(scope, sql`o.email`)} as email, ${contactColumn(scope, sql`o.delivery_address`)} as delivery_address,
               o.number, s.name as supplier, ol.product_name as product, ol.variant_name as variant, ol.quantity, ol.total_cents
        from order_lines ol
        join orders o on o.id = ol.order_id
        join enterprises s on s.id = ol.supplier_id
        left join shipping_methods sm on sm.id = o.shipping_method_id
        where ${placed} and ${lineVisibility(scope)} and ${lineFilters(filters)}
        order by lower(coalesce(sm.name, '')), lower(coalesce(nullif(o.buyer_name, ''), o.email)), o.number, lower(s.name), lower(ol.product_name), lower(ol.variant_name)`);
      return rows.map((row) => ({
        pickup: String(row.pickup),
        buyer: row.buyer === null ? null : String(row.buyer),
        ...(seesContacts(scope) ? { phone: textOrNull(row.phone), email: textOrNull(row.email), deliveryAddress: textOrNull(row.delivery_address) } : {}),
        order: num(row.number),
        supplier: String(row.supplier),
        product: String(row.product),
        variant: String(row.variant),
        quantity: num(row.quantity),
        amountCents: num(row.total_cents),
      }));
    }
    case "fees": {
      const rows = await db.execute<Record<string, unknown>>(sql`
        select enterprise, fee, fee_type, tax_rate, sum(amount)::bigint as amount from (
          select f->>'enterpriseName' as enterprise, f->>'name' as fee, f->>'feeType' as fee_type,
                 coalesce((f->>'taxRateBasisPoints')::int, 0) as tax_rate, (f->>'amountCents')::int * ol.quantity as amount
          from order_lines ol
          join orders o on o.id = ol.order_id
          cross join lateral jsonb_array_elements(ol.fees) f
          where ${placed} and ${lineVisibility(scope)} and ${lineFilters(filters)}
          union all
          select coalesce(nullif(a.enterprise_name, ''), d.name), a.label, a.fee_type, a.tax_rate_basis_points, a.amount_cents
          from order_adjustments a
          join orders o on o.id = a.order_id
          join enterprises d on d.id = o.distributor_id
          where ${placed} and a.place <> 'promo' and ${orderVisibility(scope)} and ${orderFilters(filters)} and ${orderSupplierFilter(filters)}
        ) fees
        group by enterprise, fee, fee_type, tax_rate
        order by lower(enterprise), lower(fee), fee_type, tax_rate`);
      return rows.map((row) => ({
        enterprise: String(row.enterprise ?? ""),
        fee: String(row.fee ?? ""),
        feeType: String(row.fee_type ?? ""),
        taxRate: num(row.tax_rate),
        amountCents: num(row.amount),
        taxCents: includedTax(num(row.amount), num(row.tax_rate)),
      }));
    }
    case "discounts": {
      // Each promo code used, per shop: the code as it reads on the orders (its adjustments' label).
      const rows = await db.execute<Record<string, unknown>>(sql`
        select (select a.label from order_adjustments a where a.order_id = o.id and a.place = 'promo' limit 1) as code,
               e.name as enterprise, d.name as distributor, count(*)::int as orders,
               sum(o.items_total_cents)::bigint as items_cents, sum(o.discount_cents)::bigint as discount_cents
        from orders o join promo_codes p on p.id = o.promo_code_id join enterprises e on e.id = p.owner_id join enterprises d on d.id = o.distributor_id
        where ${placed} and ${orderVisibility(scope)} and ${orderFilters(filters)} and ${orderSupplierFilter(filters)}
        group by 1, e.name, d.name order by lower(d.name), 1`);
      return rows.map((row) => ({
        code: String(row.code ?? ""),
        enterprise: String(row.enterprise),
        distributor: String(row.distributor),
        orders: num(row.orders),
        itemsCents: num(row.items_cents),
        discountCents: num(row.discount_cents),
      }));
    }
    case "supplier-statement": {
      // A supplier reads its own lines only, whatever shop sold them; the coordinator every supplier's.
      const ownLines = scope.coordinator ? sql`true` : inList(sql`ol.supplier_id`, scope.supplierIds);
      const [lines, orderFees] = await Promise.all([
        db.execute<Record<string, unknown>>(sql`
          select s.name as supplier, ol.variant_id, ol.product_name, ol.variant_name, ol.quantity, ol.actual_weight_grams, v.weight_grams,
                 ol.total_cents, ol.tax_rate_basis_points, ol.fees
          from order_lines ol
          join orders o on o.id = ol.order_id
          join enterprises s on s.id = ol.supplier_id
          join variants v on v.id = ol.variant_id
          where ${placed} and ${ownLines} and ${lineFilters(filters)}`),
        // The cycle's suppliers first, each by its key: joined on the name alone, the planner may read
        // every enterprise to match a few adjustments (decision 0058).
        db.execute<Record<string, unknown>>(sql`
          with s as materialized (
            select s.id, s.name from incoming_exchanges x join enterprises s on s.id = x.supplier_id where x.order_cycle_id = ${scope.cycleId}
          )
          select s.name as supplier, a.label, a.enterprise_name, a.amount_cents, a.tax_rate_basis_points
          from order_adjustments a
          join orders o on o.id = a.order_id
          join s on s.name = a.supplier_name
          where ${placed} and a.place = 'incoming' and ${scope.coordinator ? sql`true` : inList(sql`s.id`, scope.supplierIds)}
            and ${orderFilters(filters)} and ${filters.supplierId ? sql`s.id = ${filters.supplierId}` : sql`true`}`),
      ]);
      return statementRows(
        lines.map((row) => ({
          supplier: String(row.supplier),
          variantId: String(row.variant_id),
          product: String(row.product_name),
          variant: String(row.variant_name),
          quantity: num(row.quantity),
          actualWeightGrams: row.actual_weight_grams === null ? null : num(row.actual_weight_grams),
          nominalWeightGrams: row.weight_grams === null ? null : num(row.weight_grams),
          totalCents: num(row.total_cents),
          taxRateBasisPoints: num(row.tax_rate_basis_points),
          fees: ((row.fees as Record<string, unknown>[] | null) ?? []).map((fee) => ({
            name: String(fee.name ?? ""),
            enterpriseName: String(fee.enterpriseName ?? ""),
            amountCents: num(fee.amountCents),
            taxRateBasisPoints: num(fee.taxRateBasisPoints),
          })),
        })),
        orderFees.map((row) => ({
          supplier: String(row.supplier),
          name: String(row.label),
          enterpriseName: String(row.enterprise_name),
          amountCents: num(row.amount_cents),
          taxRateBasisPoints: num(row.tax_rate_basis_points),
        })),
      );
    }
    case "payments": {
      const rows = await db.execute<Record<string, unknown>>(sql`
        select o.number, o.buyer_name, coalesce(pm.name, '') as method, f.payment_state, o.total_cents, f.paid_cents, o.fulfilment_state
        from orders o left join payment_methods pm on pm.id = o.payment_method_id,
             lateral (select ${paymentStateSql(orderAlias("o"))} as payment_state, ${paidCentsSql(orderAlias("o"))} as paid_cents) f
        where ${placed} and ${orderVisibility(scope)} and ${orderFilters(filters)} and ${orderSupplierFilter(filters)}
        order by o.number`);
      return rows.map((row) => ({
        order: num(row.number),
        buyer: String(row.buyer_name ?? ""),
        paymentMethod: String(row.method),
        paymentState: String(row.payment_state),
        totalCents: num(row.total_cents),
        paidCents: num(row.paid_cents),
        balanceCents: num(row.total_cents) - num(row.paid_cents),
        fulfilmentState: String(row.fulfilment_state),
      }));
    }
  }
}

/** One report for one viewer: 404 when not involved, 403 for a report their role may not open. */
export async function loadReport(actor: Actor, cycleId: string, name: ReportName, filters: ReportFilters = {}): Promise<Report & { scope: ReportScope }> {
  const scope = await reportScope(actor, cycleId);
  if (!reportsFor(scope).includes(name)) throw new DomainError("forbidden");
  const rows = await rowsOf(name, scope, filters);
  const columns = columnsFor(name, seesContacts(scope));
  return { name, columns, rows, totals: totalsOf(columns, rows), scope };
}

/** The choices of the filter form: the cycle's distributors, suppliers and pickup points the viewer sees. */
export async function reportFilterOptions(scope: ReportScope) {
  const rows = await getDb().execute<{ kind: string; id: string; name: string }>(sql`
    select 'distributor' as kind, e.id, e.name from outgoing_exchanges x join enterprises e on e.id = x.distributor_id
      where x.order_cycle_id = ${scope.cycleId} and ${scope.coordinator ? sql`true` : inList(sql`e.id`, scope.distributorIds)}
    union all
    select 'supplier', e.id, e.name from incoming_exchanges x join enterprises e on e.id = x.supplier_id
      where x.order_cycle_id = ${scope.cycleId} and ${scope.coordinator || scope.distributorIds.length ? sql`true` : inList(sql`e.id`, scope.supplierIds)}
    union all
    select distinct 'pickup', sm.id, sm.name from orders o join shipping_methods sm on sm.id = o.shipping_method_id
      where o.order_cycle_id = ${scope.cycleId} and o.state = 'placed' and ${scope.coordinator ? sql`true` : inList(sql`o.distributor_id`, scope.distributorIds)}
    order by 1, 3`);
  const of = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => ({ id: row.id, name: row.name }));
  return { distributors: of("distributor"), suppliers: of("supplier"), pickups: of("pickup") };
}

export type CycleOverview = {
  orders: number;
  salesCents: number;
  unpaidOrders: number;
  perDay: { day: string; orders: number; salesCents: number }[];
  perProducer: { name: string; salesCents: number }[];
  perDistributor: { name: string; salesCents: number }[];
  toPack: { pickup: string; orders: number }[];
};

/** The coordinator's dashboard figures, days counted in the coordinator's time zone. */
export async function cycleOverview(scope: ReportScope): Promise<CycleOverview> {
  if (!scope.coordinator) throw new DomainError("forbidden");
  const db = getDb();
  const placed = sql`o.order_cycle_id = ${scope.cycleId} and o.state = 'placed'`;
  const [totals, perDay, perProducer, perDistributor, toPack] = await Promise.all([
    db.execute<Record<string, unknown>>(
      sql`select count(*)::int as orders, coalesce(sum(o.total_cents), 0)::bigint as sales, count(*) filter (where ${balanceCentsSql(orderAlias("o"))} > 0)::int as unpaid from orders o where ${placed}`,
    ),
    db.execute<Record<string, unknown>>(sql`
      select to_char(o.placed_at at time zone (select e.time_zone from order_cycles c join enterprises e on e.id = c.coordinator_id where c.id = ${scope.cycleId}), 'YYYY-MM-DD') as day, count(*)::int as orders, sum(o.total_cents)::bigint as sales
      from orders o where ${placed} and o.placed_at is not null group by 1 order by 1`),
    db.execute<Record<string, unknown>>(sql`
      select s.name, sum(ol.total_cents)::bigint as sales from order_lines ol join orders o on o.id = ol.order_id join enterprises s on s.id = ol.supplier_id
      where ${placed} group by s.id, s.name order by 2 desc, lower(s.name)`),
    db.execute<Record<string, unknown>>(sql`
      select d.name, sum(o.total_cents)::bigint as sales from orders o join enterprises d on d.id = o.distributor_id
      where ${placed} group by d.id, d.name order by 2 desc, lower(d.name)`),
    db.execute<Record<string, unknown>>(sql`
      select coalesce(sm.name, '') as pickup, count(*)::int as orders from orders o left join shipping_methods sm on sm.id = o.shipping_method_id
      where ${placed} group by sm.name order by lower(coalesce(sm.name, ''))`),
  ]);
  return {
    orders: num(totals[0]?.orders),
    salesCents: num(totals[0]?.sales),
    unpaidOrders: num(totals[0]?.unpaid),
    perDay: perDay.map((row) => ({ day: String(row.day), orders: num(row.orders), salesCents: num(row.sales) })),
    perProducer: perProducer.map((row) => ({ name: String(row.name), salesCents: num(row.sales) })),
    perDistributor: perDistributor.map((row) => ({ name: String(row.name), salesCents: num(row.sales) })),
    toPack: toPack.map((row) => ({ pickup: String(row.pickup), orders: num(row.orders) })),
  };
}

/** What a printed report is headed with: the cycle's and its coordinator's names, and the day it is printed in the coordinator's zone. */
export async function reportHeading(cycleId: string, locale: Locale, now = new Date()): Promise<StatementHeading> {
  const [row] = await getDb().execute<{ cycle_name: string; coordinator_name: string; time_zone: string }>(
    sql`select c.name as cycle_name, e.name as coordinator_name, e.time_zone from order_cycles c join enterprises e on e.id = c.coordinator_id where c.id = ${cycleId}`,
  );
  return { cycleName: row?.cycle_name ?? "", coordinatorName: row?.coordinator_name ?? "", printedOn: formatDate(now, row?.time_zone ?? "UTC", locale) };
}
