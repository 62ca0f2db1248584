// Reading orders: one order in full and in the API's shape, a cycle's orders at the hub's desk, one
// order as its hub sees it, and a buyer's own orders.
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import {
  enterprises,
  orderAdjustments,
  orderChanges,
  orderCycles,
  orderFulfilmentChanges,
  orderLines,
  orders,
  outgoingExchanges,
  paymentMethods,
  shippingMethods,
  users,
  variants,
} from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { cycleIsOpenAt } from "#app/domain/order-cycles/state.server";
import { paymentFigures, type PaymentRecordFacts } from "#app/domain/payments/balance";
import { balanceCentsSql, paidCentsByOrderSql, paidCentsSql, paymentStateSql } from "#app/domain/payments/balance.server";
import { paymentRecordsOf } from "#app/domain/payments/records.server";
import { orderAbilities } from "./abilities";
import { orderAccess, type OrderRequester } from "./access.server";
import { containsPattern, ORDERS_PAGE_SIZE, orderNumberIn, type OrderCursor, type OrderFilters } from "./filters";
import { loadShopVariants } from "#app/domain/shop/catalogue.server";
import { orderSummary } from "./summary.server";
import { invoicesOfOrder } from "#app/domain/invoices/queries.server";

export async function orderDetails(orderId: string, db: Executor = getDb()) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new DomainError("not_found");
  const [lines, adjustments, payments] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.productName), asc(orderLines.variantName)),
    db.select().from(orderAdjustments).where(eq(orderAdjustments.orderId, orderId)),
    paymentRecordsOf(orderId, db),
  ]);
  return { order, lines, adjustments, payments };
}

/** The order in the API's shape. */
export async function orderJson(orderId: string, db: Executor = getDb()) {
  return orderJsonOf(await orderDetails(orderId, db));
}

const byProductThenVariant = (a: { productName: string; variantName: string }, b: { productName: string; variantName: string }) =>
  a.productName < b.productName ? -1 : a.productName > b.productName ? 1 : a.variantName < b.variantName ? -1 : a.variantName > b.variantName ? 1 : 0;

/**
 * The order's history (docs/domain.md 8): each changed line, oldest first, with who changed it
 * (a person, and the enterprise they acted for; a producer's signed link has no person).
 */
export async function orderHistory(orderId: string, db: Executor = getDb()) {
  const rows = await db
    .select({
      change: orderChanges,
      userName: users.name,
      userEmail: users.email,
      enterpriseName: enterprises.name,
    })
    .from(orderChanges)
    .leftJoin(users, eq(users.id, orderChanges.actorUserId))
    .leftJoin(enterprises, eq(enterprises.id, orderChanges.actorEnterpriseId))
    .where(eq(orderChanges.orderId, orderId))
    .orderBy(asc(orderChanges.seq))
    .limit(1000);
  return rows.map(({ change, userName, userEmail, enterpriseName }) => ({
    at: change.changedAt.toISOString(),
    actor: {
      name: userName ?? null,
      email: userEmail ?? null,
      enterprise: change.actorEnterpriseId ? { id: change.actorEnterpriseId, name: enterpriseName ?? "" } : null,
    },
    source: change.source as "buyer" | "staff" | "producer",
    variantId: change.variantId,
    productName: change.productName,
    variantName: change.variantName,
    before: { quantity: change.beforeQuantity, actualWeightGrams: change.beforeActualWeightGrams, totalCents: change.beforeTotalCents },
    after: { quantity: change.afterQuantity, actualWeightGrams: change.afterActualWeightGrams, totalCents: change.afterTotalCents },
    note: change.note,
  }));
}

export type OrderHistoryEntry = Awaited<ReturnType<typeof orderHistory>>[number];

/**
 * What the hub may put on an order of this cycle and shop: the cycle's variants for that
 * distributor (out of stock too: the order may hold some), with what the edit form needs.
 */
export async function adjustableVariants(cycleId: string, distributorId: string, db: Executor = getDb()) {
  const rows = await loadShopVariants(cycleId, distributorId, { includeOutOfStock: true }, db);
  return rows.map((row) => ({
    variantId: row.variantId,
    productName: row.productName,
    variantName: row.variantName,
    supplierName: row.supplierName,
    soldByWeight: row.soldByWeight,
    weightGrams: row.weightGrams,
    stock: row.stock,
  }));
}

/** GET /orders/:id: the order with its history, and its pickup day's (docs/domain.md 11). */
export async function orderJsonWithHistory(orderId: string, db: Executor = getDb()) {
  const [order, history, fulfilmentHistory, invoices] = await Promise.all([
    orderJson(orderId, db),
    orderHistory(orderId, db),
    fulfilmentHistoryOf(orderId, db),
    invoicesOfOrder(orderId, db),
  ]);
  return { ...order, history, fulfilmentHistory, invoices: invoices.map(({ id, number, kind }) => ({ id, number, kind })) };
}

/** Each change of the order's fulfilment state, oldest first, with who made it. */
async function fulfilmentHistoryOf(orderId: string, db: Executor = getDb()) {
  const rows = await db
    .select({ change: orderFulfilmentChanges, userName: users.name, userEmail: users.email })
    .from(orderFulfilmentChanges)
    .leftJoin(users, eq(users.id, orderFulfilmentChanges.actorUserId))
    .where(eq(orderFulfilmentChanges.orderId, orderId))
    .orderBy(asc(orderFulfilmentChanges.seq))
    .limit(1000);
  return rows.map(({ change, userName, userEmail }) => ({
    at: change.changedAt.toISOString(),
    actor: { name: userName ?? null, email: userEmail ?? null },
    from: change.fromState,
    to: change.toState,
  }));
}

/** The API's shape of an order in hand; lines by product then variant, as orderDetails reads them. */
export function orderJsonOf({
  order,
  lines,
  adjustments,
  payments = [],
}: Pick<Awaited<ReturnType<typeof orderDetails>>, "order" | "lines" | "adjustments"> & { payments?: PaymentRecordFacts[] }) {
  const figures = paymentFigures(order.totalCents, payments);
  return {
    id: order.id,
    number: String(order.number),
    state: order.state,
    paymentState: figures.paymentState,
    paidCents: figures.paidCents,
    balanceCents: figures.balanceCents,
    fulfilmentState: order.fulfilmentState,
    collectedAt: order.collectedAt?.toISOString() ?? null,
    fulfilmentChangedAt: order.fulfilmentChangedAt?.toISOString() ?? null,
    distributorId: order.distributorId,
    orderCycleId: order.orderCycleId,
    externalId: order.externalId,
    email: order.email,
    lines: [...lines].sort(byProductThenVariant).map((line) => ({
      variantId: line.variantId,
      productName: line.productName,
      variantName: line.variantName,
      quantity: line.quantity,
      actualWeightGrams: line.actualWeightGrams,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
    })),
    adjustments: adjustments.map((adjustment) => ({
      label: adjustment.label,
      amountCents: adjustment.amountCents,
      feeType: adjustment.feeType,
      enterpriseName: adjustment.enterpriseName,
      place: adjustment.place,
      supplierName: adjustment.supplierName,
    })),
    itemsTotalCents: order.itemsTotalCents,
    feesTotalCents: order.feesTotalCents,
    /** Off the items by its promo code (decision 0051); its adjustments (place `promo`) hold it negated. */
    discountCents: order.discountCents,
    promoCode: adjustments.find((adjustment) => adjustment.place === "promo")?.label ?? null,
    totalCents: order.totalCents,
    placedAt: order.placedAt?.toISOString() ?? null,
    /** Who typed it in for the customer (a manager, for an enterprise; decision 0048); null when the buyer placed it. */
    enteredBy: order.enteredByUserId ? { userId: order.enteredByUserId, enterpriseId: order.enteredByEnterpriseId } : null,
  };
}

const orderListColumns = () => ({
  id: orders.id,
  number: orders.number,
  distributorId: orders.distributorId,
  buyerName: orders.buyerName,
  email: orders.email,
  state: orders.state,
  paymentState: paymentStateSql(),
  paidCents: paidCentsSql(),
  balanceCents: balanceCentsSql(),
  totalCents: orders.totalCents,
  placedAt: orders.placedAt,
  shippingMethodName: shippingMethods.name,
  paymentMethodName: paymentMethods.name,
});

/** The order list of a cycle as staff see it: placed and cancelled orders, with methods. */
function orderListQuery(where: SQL | undefined) {
  return getDb()
    .select(orderListColumns())
    .from(orders)
    .leftJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(and(inArray(orders.state, ["placed", "cancelled"]), where));
}

function orderList(where: SQL | undefined) {
  return orderListQuery(where).orderBy(asc(orders.number)).limit(5000);
}

async function coordinatorOf(cycleId: string) {
  const [cycle] = await getDb().select({ coordinatorId: orderCycles.coordinatorId }).from(orderCycles).where(eq(orderCycles.id, cycleId));
  if (!cycle) throw new DomainError("not_found");
  return cycle.coordinatorId;
}

/**
 * Which of a cycle's orders the caller may see at the hub's desk (docs/domain.md 3, "orders of the
 * cycle"): all of them for the coordinator, those of its own shops in the cycle for a distributor;
 * anyone else is told the cycle's orders do not exist for them.
 */
async function orderDeskScope(actor: Actor, cycleId: string): Promise<SQL | undefined> {
  if (actor.enterpriseIds.includes(await coordinatorOf(cycleId))) return undefined;
  const shops = actor.enterpriseIds.length
    ? await getDb()
        .select({ id: outgoingExchanges.distributorId })
        .from(outgoingExchanges)
        .where(and(eq(outgoingExchanges.orderCycleId, cycleId), inArray(outgoingExchanges.distributorId, [...actor.enterpriseIds])))
    : [];
  if (shops.length === 0) throw new DomainError("not_found");
  return inArray(
    orders.distributorId,
    shops.map((shop) => shop.id),
  );
}

function orderFilterSql(filters: OrderFilters): SQL | undefined {
  const parts: SQL[] = [];
  if (filters.search) {
    const pattern = containsPattern(filters.search);
    const number = orderNumberIn(filters.search);
    parts.push(
      sql`(lower(${orders.buyerName}) like ${pattern} or lower(${orders.email}) like ${pattern}${number === undefined ? sql`` : sql` or ${orders.number} = ${number}`})`,
    );
  }
  if (filters.shippingMethodId) parts.push(eq(orders.shippingMethodId, filters.shippingMethodId));
  if (filters.payment === "cancelled") parts.push(eq(orders.state, "cancelled"));
  else if (filters.payment) parts.push(and(eq(orders.state, "placed"), eq(paymentStateSql(), filters.payment))!);
  return parts.length ? and(...parts) : undefined;
}

/** A cycle's orders as the caller may see them, narrowed by the hub's search and filters. */
export async function ordersOfCycleForActor(actor: Actor, cycleId: string, filters: OrderFilters = {}) {
  const scope = await orderDeskScope(actor, cycleId);
  return orderList(and(eq(orders.orderCycleId, cycleId), scope, orderFilterSql(filters)));
}

/**
 * One page of a cycle's orders at the hub's desk, by order number (a keyset on orders_cycle_number_idx,
 * decision 0040), with the figures of every order the filters keep: how many, their total, what was
 * paid and what is still due, summed by the database. Two queries whatever the cycle's size.
 */
export async function orderPageOfCycle(
  actor: Actor,
  cycleId: string,
  filters: OrderFilters = {},
  cursor: OrderCursor | null = null,
  pageSize = ORDERS_PAGE_SIZE,
) {
  const scope = await orderDeskScope(actor, cycleId);
  const kept = and(eq(orders.orderCycleId, cycleId), scope, orderFilterSql(filters));
  const backwards = cursor !== null && "before" in cursor;
  const [rows, totals] = await Promise.all([orderPageStatement(kept, cursor, pageSize), orderListTotals(kept)]);
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();
  // Coming back from a later page there is always a next one; going forward, a previous one.
  const hasNext = backwards ? page.length > 0 : more;
  const hasPrevious = backwards ? more : cursor !== null && page.length > 0;
  return {
    orders: page,
    totals,
    nextAfter: hasNext ? page[page.length - 1].number : null,
    previousBefore: hasPrevious ? page[0].number : null,
  };
}

/** The page's rows, one more than asked for (there is a next page when it comes back). Exported for its query plan's test. */
export function orderPageStatement(kept: SQL | undefined, cursor: OrderCursor | null, pageSize = ORDERS_PAGE_SIZE) {
  const backwards = cursor !== null && "before" in cursor;
  const keyset = cursor === null ? undefined : "after" in cursor ? gt(orders.number, cursor.after) : lt(orders.number, cursor.before);
  return orderListQuery(and(kept, keyset))
    .orderBy(backwards ? desc(orders.number) : asc(orders.number))
    .limit(pageSize + 1);
}

/**
 * The figures of the whole filtered list, in one statement: the kept orders once (a CTE), their
 * payments summed per order in one pass. Cancelled orders are counted apart and owe nothing;
 * balance due adds what each placed order still owes, so an overpaid order does not hide another's debt.
 */
async function orderListTotals(where: SQL | undefined) {
  const kept = getDb()
    .select({ id: orders.id, state: orders.state, totalCents: orders.totalCents })
    .from(orders)
    .where(and(inArray(orders.state, ["placed", "cancelled"]), where));
  const rows = await getDb().execute<{ placed: number; cancelled: number; total: string; paid: string; due: string }>(sql`
    with kept as (${kept})
    select count(*) filter (where k.state = 'placed')::int as placed,
           count(*) filter (where k.state <> 'placed')::int as cancelled,
           coalesce(sum(k.total_cents) filter (where k.state = 'placed'), 0) as total,
           coalesce(sum(coalesce(p.paid_cents, 0)) filter (where k.state = 'placed'), 0) as paid,
           coalesce(sum(greatest(k.total_cents - coalesce(p.paid_cents, 0), 0)) filter (where k.state = 'placed'), 0) as due
    from kept k left join ${paidCentsByOrderSql(sql`select id from kept`)} p on p.order_id = k.id`);
  const [row] = rows;
  return { placed: row.placed, cancelled: row.cancelled, totalCents: Number(row.total), paidCents: Number(row.paid), balanceDueCents: Number(row.due) };
}

/**
 * The bulk "delivered quantity" form: the variants the caller's visible placed orders of the cycle
 * hold, and for the chosen one each such order with its quantity, by order number.
 */
export async function deliveredQuantityRows(actor: Actor, cycleId: string, variantId: string | null) {
  const scope = await orderDeskScope(actor, cycleId);
  const placedInCycle = and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed"), scope);
  const [variants, rows] = await Promise.all([
    getDb()
      .selectDistinct({ variantId: orderLines.variantId, productName: orderLines.productName, variantName: orderLines.variantName })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(placedInCycle)
      .orderBy(asc(orderLines.productName), asc(orderLines.variantName))
      .limit(1000),
    variantId
      ? getDb()
          .select({ orderId: orders.id, number: orders.number, buyerName: orders.buyerName, email: orders.email, quantity: orderLines.quantity })
          .from(orderLines)
          .innerJoin(orders, eq(orders.id, orderLines.orderId))
          .where(and(placedInCycle, eq(orderLines.variantId, variantId)))
          .orderBy(asc(orders.number))
          .limit(500)
      : Promise.resolve([]),
  ]);
  return { variants, rows: rows.map((row) => ({ ...row, number: String(row.number) })) };
}

/** The pickup points and delivery methods the caller's visible orders of a cycle went through: the choices of its filter. */
export async function shippingMethodsOfCycleOrders(actor: Actor, cycleId: string) {
  const scope = await orderDeskScope(actor, cycleId);
  return getDb()
    .selectDistinct({ id: shippingMethods.id, name: shippingMethods.name })
    .from(orders)
    .innerJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .where(and(eq(orders.orderCycleId, cycleId), inArray(orders.state, ["placed", "cancelled"]), scope))
    .orderBy(asc(shippingMethods.name));
}

/**
 * One order as its hub sees it: the coordinator's and the order's own distributor's to open, with
 * the buyer's contact. 404 for anyone else (its buyer has /orders/:id), and for another cycle's order.
 */
export async function orderForHub(actor: Actor, cycleId: string, orderId: string) {
  const access = await orderAccess({ actor }, orderId);
  if (access.order.orderCycleId !== cycleId || !(access.isDistributor || access.isCoordinator)) throw new DomainError("not_found");
  return orderSummary(orderId);
}

/**
 * One order as whoever asks sees it on its page: its summary, and what they may do with it now
 * (./abilities). 404 (not_found) for anyone who may not see it.
 */
export async function orderForRequester(requester: OrderRequester, orderId: string, now = new Date()) {
  const access = await orderAccess(requester, orderId);
  const summary = await orderSummary(orderId);
  const variantIds = summary.lines.map((line) => line.variantId).filter((id): id is string => Boolean(id));
  // The case size of each line's variant, so the buyer's quantity inputs step by it (decision 0056).
  const sizes = variantIds.length
    ? await getDb().select({ id: variants.id, unitsPerCase: variants.unitsPerCase }).from(variants).where(inArray(variants.id, variantIds))
    : [];
  return {
    summary,
    unitsPerCase: Object.fromEntries(sizes.map((row) => [row.id, row.unitsPerCase])) as Record<string, number>,
    abilities: orderAbilities(
      { ...summary.order, paymentState: summary.figures.paymentState, opensAt: summary.opensAt, closesAt: summary.closesAt },
      access,
      now,
    ),
  };
}

/** A signed-in buyer's own orders, newest first: where, for when, how much, and their state. */
export async function ordersOfBuyer(userId: string, limit = 50) {
  const rows = await getDb()
    .select({
      id: orders.id,
      number: orders.number,
      state: orders.state,
      paymentState: paymentStateSql(),
      totalCents: orders.totalCents,
      placedAt: orders.placedAt,
      shopName: enterprises.name,
      readyFor: outgoingExchanges.readyFor,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.distributorId))
    .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
    .where(and(eq(orders.buyerId, userId), inArray(orders.state, ["placed", "cancelled"])))
    .orderBy(sql`${orders.placedAt} desc nulls last`, desc(orders.number))
    .limit(limit);
  return rows.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null }));
}

/** A signed-in buyer's placed orders at one shop whose cycle is still open: they may still change them (docs/domain.md 5). */
export async function changeableOrdersAt(userId: string, distributorId: string, now = new Date()) {
  const rows = await getDb()
    .select({
      id: orders.id,
      number: orders.number,
      orderCycleId: orders.orderCycleId,
      readyFor: outgoingExchanges.readyFor,
      readyOn: outgoingExchanges.readyOn,
    })
    .from(orders)
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
    .where(and(eq(orders.buyerId, userId), eq(orders.distributorId, distributorId), eq(orders.state, "placed"), cycleIsOpenAt(now)))
    .orderBy(asc(orders.number))
    .limit(20);
  return rows.map((row) => ({ ...row, number: String(row.number), readyFor: row.readyFor ?? "", readyOn: row.readyOn ?? null }));
}
