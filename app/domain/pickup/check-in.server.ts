// Reading pickup day (docs/domain.md 11): a cycle's pickup points with their counts, one point's
// orders for the check-in page (searched, each with its items, balance and notes), and the printable
// sheet. Only the point's distributor's managers and the coordinator's see them (section 3); anyone
// else is told they do not exist. A fixed number of queries whatever the number of orders.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises, orderChanges, orderCycles, orderLines, orders, outgoingExchanges, paymentMethods, shippingMethods, users } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { containsPattern, orderNumberIn } from "#app/domain/orders/filters";
import { pickupHoursFor } from "#app/domain/orders/fulfilment";
import { balanceCentsSql, paidCentsSql, paymentStateSql } from "#app/domain/payments/balance.server";
import { CHECK_IN_PAGE_SIZE, isFulfilmentState, type CheckInFilters, type CheckInShow, type FulfilmentState } from "./rules";

const coordinators = alias(enterprises, "coordinators");

/**
 * The pickup point (one of the distributor's shipping methods) in one cycle, with what the page
 * heads with. 404 unless the caller manages the coordinator or that distributor, and the
 * distributor sells in the cycle.
 */
async function pickupPointFor(actor: Actor, cycleId: string, distributorId: string, methodId: string, db: Executor = getDb()) {
  const [row] = await db
    .select({
      cycleId: orderCycles.id,
      cycleName: orderCycles.name,
      coordinatorId: orderCycles.coordinatorId,
      timeZone: coordinators.timeZone,
      distributorId: enterprises.id,
      distributorName: enterprises.name,
      methodId: shippingMethods.id,
      methodName: shippingMethods.name,
      methodKind: shippingMethods.kind,
      address: shippingMethods.address,
      openingHours: shippingMethods.openingHours,
      readyFor: outgoingExchanges.readyFor,
      readyOn: outgoingExchanges.readyOn,
      pickupTimes: outgoingExchanges.pickupTimes,
    })
    .from(orderCycles)
    .innerJoin(coordinators, eq(coordinators.id, orderCycles.coordinatorId))
    .innerJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orderCycles.id), eq(outgoingExchanges.distributorId, distributorId)))
    .innerJoin(enterprises, eq(enterprises.id, outgoingExchanges.distributorId))
    .innerJoin(shippingMethods, and(eq(shippingMethods.id, methodId), eq(shippingMethods.enterpriseId, distributorId)))
    .where(eq(orderCycles.id, cycleId));
  const managed = new Set(actor.enterpriseIds);
  if (!row || !(managed.has(row.coordinatorId) || managed.has(row.distributorId))) throw new DomainError("not_found");
  const { pickupTimes, openingHours, ...point } = row;
  return { ...point, address: point.address ?? "", hours: pickupHoursFor(pickupTimes, methodId, openingHours), isCoordinator: managed.has(row.coordinatorId) };
}

type PickupPoint = Awaited<ReturnType<typeof pickupPointFor>>;

const atPoint = (point: PickupPoint): SQL =>
  and(eq(orders.orderCycleId, point.cycleId), eq(orders.distributorId, point.distributorId), eq(orders.shippingMethodId, point.methodId))!;

/** By buyer, as a paper list is: name (or email when none), then order number. */
const byBuyer = [sql`lower(coalesce(nullif(${orders.buyerName}, ''), ${orders.email}))`, asc(orders.number)];

function searchSql(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  const pattern = containsPattern(search);
  const number = orderNumberIn(search);
  return sql`(lower(${orders.buyerName}) like ${pattern} or lower(${orders.email}) like ${pattern}${number === undefined ? sql`` : sql` or ${orders.number} = ${number}`})`;
}

function showSql(show: CheckInShow): SQL | undefined {
  return show === "all" ? undefined : and(eq(orders.state, "placed"), eq(orders.fulfilmentState, show));
}

const MAX_ORDERS = 1000;

/** The orders at the point, their items and their notes: three queries, whatever their number. */
async function ordersAt(point: PickupPoint, where: SQL | undefined, db: Executor, page: { limit: number; offset: number } = { limit: MAX_ORDERS, offset: 0 }) {
  const rows = await db
    .select({
      id: orders.id,
      number: orders.number,
      buyerName: orders.buyerName,
      email: orders.email,
      phone: orders.phone,
      state: orders.state,
      fulfilmentState: orders.fulfilmentState,
      collectedAt: orders.collectedAt,
      fulfilmentChangedAt: orders.fulfilmentChangedAt,
      changedByName: users.name,
      totalCents: orders.totalCents,
      paidCents: paidCentsSql(),
      balanceCents: balanceCentsSql(),
      paymentState: paymentStateSql(),
      paymentMethodName: paymentMethods.name,
    })
    .from(orders)
    .leftJoin(users, eq(users.id, orders.fulfilmentChangedByUserId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(and(atPoint(point), inArray(orders.state, ["placed", "cancelled"]), where))
    .orderBy(...byBuyer)
    .limit(page.limit)
    .offset(page.offset);
  // The shown orders' lines and notes only: a fixed two queries more, whatever the point holds.
  const ids = rows.length ? rows.map((row) => row.id) : [""];
  const [lines, notes] = await Promise.all([
    db
      .select({
        orderId: orderLines.orderId,
        productName: orderLines.productName,
        variantName: orderLines.variantName,
        quantity: orderLines.quantity,
        actualWeightGrams: orderLines.actualWeightGrams,
      })
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids))
      .orderBy(asc(orderLines.productName), asc(orderLines.variantName)),
    // What the hub or a producer wrote when it changed the order (a shortage, a weight): the counter should know.
    db
      .selectDistinct({ orderId: orderChanges.orderId, note: orderChanges.note })
      .from(orderChanges)
      .where(and(inArray(orderChanges.orderId, ids), sql`${orderChanges.note} <> ''`))
      .limit(MAX_ORDERS * 5),
  ]);
  const linesOf = groupBy(lines, (line) => line.orderId);
  const notesOf = groupBy(notes, (note) => note.orderId);
  return rows.map((row) => ({
    ...row,
    number: String(row.number),
    fulfilmentState: (isFulfilmentState(row.fulfilmentState) ? row.fulfilmentState : "pending") as FulfilmentState,
    collectedAt: row.collectedAt?.toISOString() ?? null,
    fulfilmentChangedAt: row.fulfilmentChangedAt?.toISOString() ?? null,
    changedByName: row.changedByName ?? "",
    paidCents: Number(row.paidCents),
    balanceCents: Number(row.balanceCents),
    paymentMethodName: row.paymentMethodName ?? "",
    lines: (linesOf.get(row.id) ?? []).map(({ orderId: _, ...line }) => line),
    notes: (notesOf.get(row.id) ?? []).map((entry) => entry.note),
  }));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export type CheckInOrder = Awaited<ReturnType<typeof ordersAt>>[number];

/** How the point's day stands, whatever the search: placed orders by fulfilment state, and what is still due. */
async function pointCounts(point: PickupPoint, db: Executor) {
  const [row] = await db
    .select({
      pending: sql<number>`count(*) filter (where ${orders.fulfilmentState} = 'pending')::int`,
      collected: sql<number>`count(*) filter (where ${orders.fulfilmentState} = 'collected')::int`,
      noShow: sql<number>`count(*) filter (where ${orders.fulfilmentState} = 'no_show')::int`,
      dueCents: sql<number>`coalesce(sum(greatest(${balanceCentsSql()}, 0)), 0)::int`,
    })
    .from(orders)
    .where(and(atPoint(point), eq(orders.state, "placed")));
  return { pending: row?.pending ?? 0, collected: row?.collected ?? 0, noShow: row?.noShow ?? 0, dueCents: row?.dueCents ?? 0 };
}

/** The check-in page: the point, its day's counts, and the orders the search finds, by buyer. */
export async function checkInPage(actor: Actor, cycleId: string, distributorId: string, methodId: string, filters: CheckInFilters, db: Executor = getDb()) {
  const point = await pickupPointFor(actor, cycleId, distributorId, methodId, db);
  const page = { limit: CHECK_IN_PAGE_SIZE, offset: (filters.page - 1) * CHECK_IN_PAGE_SIZE };
  const where = and(searchSql(filters.search), showSql(filters.show));
  const [counts, found, [matching]] = await Promise.all([
    pointCounts(point, db),
    ordersAt(point, where, db, page),
    // Counted apart: the balances are then worked out for the shown page only.
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(atPoint(point), inArray(orders.state, ["placed", "cancelled"]), where)),
  ]);
  return { point, counts, orders: found, matching: matching?.count ?? 0, pageSize: CHECK_IN_PAGE_SIZE };
}

/** The printable sheet: every placed order of the point, by buyer, with items and balance. */
export async function pickupSheet(actor: Actor, cycleId: string, distributorId: string, methodId: string, db: Executor = getDb()) {
  const point = await pickupPointFor(actor, cycleId, distributorId, methodId, db);
  const found = await ordersAt(point, eq(orders.state, "placed"), db);
  return { point, orders: found };
}

/**
 * The cycle's pickup points the caller may check in, per distributor: every shop's for the
 * coordinator, its own shops' for a distributor, each with its placed orders by fulfilment state.
 * 404 for anyone else (a supplier included: the check-in shows buyers' names and balances).
 */
export async function pickupPointsOfCycle(actor: Actor, cycleId: string, db: Executor = getDb()) {
  const [cycle] = await db.select({ coordinatorId: orderCycles.coordinatorId }).from(orderCycles).where(eq(orderCycles.id, cycleId));
  if (!cycle) throw new DomainError("not_found");
  const isCoordinator = actor.enterpriseIds.includes(cycle.coordinatorId);
  const scope = isCoordinator ? undefined : inArray(outgoingExchanges.distributorId, actor.enterpriseIds.length ? [...actor.enterpriseIds] : [""]);
  const rows = await db
    .select({
      distributorId: outgoingExchanges.distributorId,
      distributorName: enterprises.name,
      methodId: shippingMethods.id,
      methodName: shippingMethods.name,
      methodKind: shippingMethods.kind,
      address: shippingMethods.address,
      pending: sql<number>`count(${orders.id}) filter (where ${orders.fulfilmentState} = 'pending')::int`,
      collected: sql<number>`count(${orders.id}) filter (where ${orders.fulfilmentState} = 'collected')::int`,
      noShow: sql<number>`count(${orders.id}) filter (where ${orders.fulfilmentState} = 'no_show')::int`,
    })
    .from(outgoingExchanges)
    .innerJoin(enterprises, eq(enterprises.id, outgoingExchanges.distributorId))
    .innerJoin(
      orders,
      and(eq(orders.orderCycleId, outgoingExchanges.orderCycleId), eq(orders.distributorId, outgoingExchanges.distributorId), eq(orders.state, "placed")),
    )
    .innerJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .where(and(eq(outgoingExchanges.orderCycleId, cycleId), scope))
    .groupBy(outgoingExchanges.distributorId, enterprises.name, shippingMethods.id, shippingMethods.name, shippingMethods.kind, shippingMethods.address)
    .orderBy(asc(enterprises.name), asc(shippingMethods.name));
  if (!isCoordinator) {
    const [shop] = await db
      .select({ id: outgoingExchanges.distributorId })
      .from(outgoingExchanges)
      .where(and(eq(outgoingExchanges.orderCycleId, cycleId), scope))
      .limit(1);
    if (!shop) throw new DomainError("not_found");
  }
  return rows.map((row) => ({ ...row, address: row.address ?? "" }));
}

/** A fresh key for the page's forms: a post sent twice carries the same one, so it counts once. */
export const newFormKey = () => randomUUID();
